import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileHeaderFormat, splitHeader } from './header-format.js';

describe('header formats', () => {
  const f = compileHeaderFormat('<Date> <Time> - <Level>  [<Node>:<Component>@<Id>] - <Content>');

  it('splits the fields and keeps the content', () => {
    const r = splitHeader(
      f,
      '2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200',
    );
    expect(r.content).toBe('Notification time out: 3200');
    expect(r.header?.Level).toBe('INFO');
    expect(r.header?.Date).toBe('2015-07-29');
  });

  it('leaves lines that do not match whole', () => {
    expect(splitHeader(f, 'no header here')).toEqual({ content: 'no header here', header: null });
  });

  it('rejects malformed formats with the reason', () => {
    expect(() => compileHeaderFormat('<Date> <Time>')).toThrow(/must contain <Content>/);
    expect(() => compileHeaderFormat('<Content> <Date>')).toThrow(/must be the last field/);
    expect(() => compileHeaderFormat('<Date><Content>')).toThrow(/need a separator/);
    expect(() => compileHeaderFormat('<1x> <Content>')).toThrow(/invalid field/);
  });

  it('never throws and runs in linear time on arbitrary lines (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ab -[]:@ '), maxLength: 300 }), (line) => {
        const r = splitHeader(f, line);
        expect(typeof r.content).toBe('string');
      }),
    );
    const long = `${'a - '.repeat(50_000)}`;
    const t0 = performance.now();
    splitHeader(f, long);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
