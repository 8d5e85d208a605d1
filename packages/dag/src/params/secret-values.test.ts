import { describe, expect, it } from 'vitest';
import { hasLoneSurrogate, secretValueProblem } from './secret-values.js';

describe('secret values', () => {
  it('refuses values too short to mask, and broken text; allows empty and ordinary values', () => {
    expect(secretValueProblem('abc')).toBe(
      'must be at least 4 characters long, so that it can be masked in logs',
    );
    expect(secretValueProblem('pass\ud800word')).toBe(
      'is not valid text (it has an unpaired UTF-16 surrogate)',
    );
    expect(secretValueProblem('')).toBeUndefined();
    expect(secretValueProblem('s3cret!')).toBeUndefined();
  });

  it('tells a lone surrogate from a pair', () => {
    expect(hasLoneSurrogate('ok \ud83d\ude00')).toBe(false);
    expect(hasLoneSurrogate('\ud800')).toBe(true);
    expect(hasLoneSurrogate('\udc00 trailing half')).toBe(true);
    expect(hasLoneSurrogate('\ud83d')).toBe(true);
  });
});
