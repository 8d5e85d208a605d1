import { describe, expect, it } from 'vitest';
import { parseCsv } from '../bench/loghub.js';
import { accuracy } from '../bench/metrics.js';

describe('accuracy metrics', () => {
  const truth = ['A <*>', 'A <*>', 'B', 'C <*>', 'C <*>'];

  it('scores a perfect parse 1 on every metric', () => {
    const a = accuracy(truth, truth);
    expect([a.GA, a.PA, a.FGA, a.FTA, a.FTAstrict]).toEqual([1, 1, 1, 1, 1]);
  });

  it('separates grouping from template text', () => {
    // Right groups, one wrong template text.
    const a = accuracy(truth, ['A <*>', 'A <*>', 'B', 'C x', 'C x']);
    expect(a.GA).toBe(1);
    expect(a.FGA).toBe(1);
    expect(a.PA).toBe(3 / 5);
    expect(a.FTA).toBeCloseTo(2 / 3);
  });

  it('counts a merged group as wrong for all its messages', () => {
    const a = accuracy(truth, ['X', 'X', 'X', 'C <*>', 'C <*>']);
    expect(a.GA).toBe(2 / 5);
    // precision 1/2 groups, recall 1/3 groups
    expect(a.FGA).toBeCloseTo((2 * 0.5 * (1 / 3)) / (0.5 + 1 / 3));
    expect(a.PA).toBe(2 / 5);
  });

  it('FTA (issue 6) credits a split group whose messages all have its template; the strict form does not', () => {
    const a = accuracy(['T', 'T', 'U'], ['T', 'T2', 'U']);
    // parsed T (1 msg, truth T) correct; T2 wrong; U correct -> 2/3 parsed, 2/2 true
    expect(a.FTA).toBeCloseTo((2 * (2 / 3) * 1) / (2 / 3 + 1));
    // strict: parsed T is not the whole true group T
    expect(a.FTAstrict).toBeCloseTo((2 * (1 / 3) * 0.5) / (1 / 3 + 0.5));
  });
});

describe('parseCsv', () => {
  it('handles quotes, doubled quotes, commas and newlines in fields, CRLF', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi""\nthere"\r\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"\nthere'],
    ]);
  });
});
