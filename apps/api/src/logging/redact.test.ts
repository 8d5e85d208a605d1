import { describe, expect, it } from 'vitest';
import { isSensitiveKey, REDACTED, redactSensitive } from './redact.js';

describe('redactSensitive', () => {
  it('redacts passwords, secrets and tokens at any depth', () => {
    const input = {
      user: 'sluice',
      password: 'a',
      db: { dbPassword: 'b', nested: [{ accessToken: 'c', apiKey: 'd', note: 'keep' }] },
      SLUICE_SECRET_KEY: 'e',
      headers: { authorization: 'Bearer f', Cookie: 'g' },
    };
    expect(redactSensitive(input)).toEqual({
      user: 'sluice',
      password: REDACTED,
      db: { dbPassword: REDACTED, nested: [{ accessToken: REDACTED, apiKey: REDACTED, note: 'keep' }] },
      SLUICE_SECRET_KEY: REDACTED,
      headers: { authorization: REDACTED, Cookie: REDACTED },
    });
  });

  it('does not modify the logged object', () => {
    const input = { password: 'a' };
    redactSensitive(input);
    expect(input.password).toBe('a');
  });

  it('passes class instances through and survives cycles', () => {
    const error = new Error('boom');
    const cyclic: Record<string, unknown> = { token: 'x' };
    cyclic.self = cyclic;
    const out = redactSensitive({ err: error, cyclic });
    expect(out.err).toBe(error);
    expect((out.cyclic as Record<string, unknown>).token).toBe(REDACTED);
  });

  it.each([
    'passwd',
    'pass',
    'clientSecret',
    'refresh_token',
    'x-api-key',
    'apiKey',
    'credentials',
    'DB_PWD',
  ])('treats %s as sensitive', (key) => {
    expect(isSensitiveKey(key)).toBe(true);
  });

  it.each(['passengers', 'tokenizer_name', 'username', 'compass', 'secretary_id'])('keeps %s', (key) => {
    expect(isSensitiveKey(key)).toBe(false);
  });
});
