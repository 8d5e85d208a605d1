import { describe, expect, it } from 'vitest';
import { isEnclosedVariable, joinSpan } from './span-join.js';

describe('joinSpan', () => {
  it('joins the tokens that fill an enclosed variable', () => {
    expect(joinSpan('tag="<*>",', ['x', 'tag="View', 'Lock",', 'y'], 1, 1)).toBe('tag="View Lock",');
    expect(joinSpan('(<*>)', ['(a', '(b)', 'c)'], 0, 2)).toBe('(a (b) c)');
  });

  it('refuses runs that close early or do not close', () => {
    expect(joinSpan('"<*>"', ['"a"', '"b"'], 0, 1)).toBeNull();
    expect(joinSpan('(<*>)', ['(a)', 'b)'], 0, 1)).toBeNull();
    expect(joinSpan('"<*>"', ['"a', 'b'], 0, 1)).toBeNull();
  });
});

describe('isEnclosedVariable', () => {
  it('accepts one variable right between a delimiter pair', () => {
    expect(isEnclosedVariable('"<*>"')).toBe(true);
    expect(isEnclosedVariable('tag="<*>",')).toBe(true);
    expect(isEnclosedVariable('(<*>)')).toBe(true);
    expect(isEnclosedVariable('<*>')).toBe(false);
    expect(isEnclosedVariable('"a<*>"')).toBe(false);
    expect(isEnclosedVariable('(<*>,<*>)')).toBe(false);
  });
});
