import { describe, expect, it } from 'vitest';
import { secretRedactor } from './redact.js';

describe('secretRedactor', () => {
  it('masks a secret and its SQL- and JSON-escaped forms', () => {
    const redact = secretRedactor([`it's"x`]);
    expect(redact(`raw it's"x sql 'it''s"x' json "it's\\"x"`)).toBe(`raw *** sql '***' json "***"`);
  });

  it('leaves values shorter than four characters alone, so a job id stays whole', () => {
    // A one-character secret would cut every 'a' out of `SLUICE_JOB_ID=5ae4...` and the logs.
    const redact = secretRedactor(['a', '5']);
    expect(redact('SLUICE_JOB_ID=5ae473ef4e298764e85a6f6db6613b4e')).toBe(
      'SLUICE_JOB_ID=5ae473ef4e298764e85a6f6db6613b4e',
    );
  });
});
