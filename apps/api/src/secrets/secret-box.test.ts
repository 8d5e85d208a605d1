import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SecretBox, SecretDecryptError } from './secret-box.js';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('round-trips unicode and empty values', () => {
    for (const value of ['s3cret', '', 'pässwörd 🔑 "quoted"\n']) {
      expect(box.open(box.seal(value, 'ctx'), 'ctx')).toBe(value);
    }
  });

  it('never stores the plaintext and uses a fresh IV per seal', () => {
    const a = box.seal('hunter2-hunter2', 'ctx');
    const b = box.seal('hunter2-hunter2', 'ctx');
    expect(a.includes(Buffer.from('hunter2'))).toBe(false);
    expect(a.equals(b)).toBe(false);
  });

  it('refuses a value sealed for another context (copied to another row)', () => {
    const sealed = box.seal('v', 'job:1:a');
    expect(() => box.open(sealed, 'job:2:a')).toThrow(SecretDecryptError);
  });

  it('explains a key change instead of returning garbage', () => {
    const sealed = box.seal('v', 'ctx');
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'ctx')).toThrow(/SLUICE_SECRET_KEY differs/);
  });

  it('detects tampering', () => {
    const sealed = box.seal('value', 'ctx');
    sealed[sealed.length - 1] = (sealed[sealed.length - 1] ?? 0) ^ 1;
    expect(() => box.open(sealed, 'ctx')).toThrow(SecretDecryptError);
  });

  it('does not reveal its key when logged', () => {
    expect(JSON.stringify({ box })).toBe('{"box":"[SecretBox]"}');
    expect(inspect(box)).not.toMatch(/[0-9a-f]{64}/);
  });
});
