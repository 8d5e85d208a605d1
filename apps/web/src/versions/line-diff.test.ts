import { describe, expect, it } from 'vitest';
import { lineDiff, MAX_DIFF_LINES } from './line-diff.js';

describe('lineDiff', () => {
  it('keeps common lines and marks the rest', () => {
    const before = 'def process(record, ctx):\n    return record\n';
    const after = 'def process(record, ctx):\n    record["x"] = 1\n    return record\n';
    expect(lineDiff(before, after)).toEqual([
      { type: 'same', text: 'def process(record, ctx):' },
      { type: 'added', text: '    record["x"] = 1' },
      { type: 'same', text: '    return record' },
    ]);
  });

  it('rebuilds both texts from its lines', () => {
    const before = 'a\nb\nc\nd\ne';
    const after = 'b\nx\nd\ne\nf';
    const diff = lineDiff(before, after)!;
    expect(
      diff
        .filter((l) => l.type !== 'added')
        .map((l) => l.text)
        .join('\n'),
    ).toBe(before);
    expect(
      diff
        .filter((l) => l.type !== 'removed')
        .map((l) => l.text)
        .join('\n'),
    ).toBe(after);
    expect(diff.filter((l) => l.type === 'same').map((l) => l.text)).toEqual(['b', 'd', 'e']);
  });

  it('gives up on texts too long to compare', () => {
    expect(lineDiff('x\n'.repeat(MAX_DIFF_LINES + 1), 'y')).toBeUndefined();
  });
});
