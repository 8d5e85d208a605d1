import { describe, expect, it } from 'vitest';
import { hasLoneSurrogate, secretMasker, secretValueProblem } from './secret-values.js';

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

  it('masks a secret and its SQL- and JSON-escaped forms', () => {
    const mask = secretMasker([`it's"x`]);
    expect(mask(`raw it's"x sql 'it''s"x' json "it's\\"x"`)).toBe(`raw *** sql '***' json "***"`);
  });

  it('leaves values shorter than four characters alone, so a job id stays whole', () => {
    // A one-character secret would cut every 'a' out of `SLUICE_JOB_ID=5ae4...` and the logs.
    const mask = secretMasker(['a', '5']);
    expect(mask('SLUICE_JOB_ID=5ae473ef4e298764e85a6f6db6613b4e')).toBe(
      'SLUICE_JOB_ID=5ae473ef4e298764e85a6f6db6613b4e',
    );
  });
});
