import { describe, expect, it } from 'vitest';
import { collapseRuns } from './pattern-registry.js';

describe('collapseRuns', () => {
  it('writes a run of variable tokens with a standalone <*> as one variable', () => {
    expect(collapseRuns('delete <*> <*> <*> now')).toBe('delete <*> now');
    expect(collapseRuns('<*> *<*> - <*> open')).toBe('<*> - <*> open');
    expect(collapseRuns('from <*> (<*>): abort')).toBe('from <*>: abort');
  });

  it('keeps values separated by punctuation, words and lone variables', () => {
    expect(collapseRuns('(order <*>, <*> bytes)')).toBe('(order <*>, <*> bytes)');
    expect(collapseRuns('user=<*> <*> done')).toBe('user=<*> <*> done');
    expect(collapseRuns('a <*> b')).toBe('a <*> b');
  });
});
