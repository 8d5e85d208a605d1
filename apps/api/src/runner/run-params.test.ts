import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTED, RunParams, redactOptions, SecretRedactor, scrubInlineCredentials } from './run-params.js';

/** A `${name}` parameter reference. */
const ref = (name: string) => `$\{${name}}`;

describe('RunParams', () => {
  const params = new RunParams(
    [
      { name: 'db_pass', secret: true },
      { name: 'host', default: 'db.internal' },
      { name: 'port', default: 3306 },
    ],
    { db_pass: 's3cret-value', host: 'override' },
  );

  it('substitutes run values over defaults and marks options that hold secrets', () => {
    const { options, secretKeys } = params.resolveOptions('source', 'orders', {
      url: `jdbc:mysql://${ref('host')}:${ref('port')}/shop`,
      'connection.pass': ref('db_pass'),
      password: 'literal',
      note: `costs $${ref('price')} and $5`,
    });
    expect(options).toEqual({
      url: 'jdbc:mysql://override:3306/shop',
      'connection.pass': 's3cret-value',
      password: 'literal',
      note: `costs ${ref('price')} and $5`,
    });
    expect([...secretKeys].sort()).toEqual(['connection.pass', 'password']);
    expect(redactOptions(options, secretKeys)).toMatchObject({
      'connection.pass': REDACTED,
      password: REDACTED,
    });
  });

  it('names the node, option and parameter when a reference has no value', () => {
    expect(() => params.resolveOptions('sink', 'out', { path: `/data/${ref('missing')}` })).toThrow(
      "sink 'out': option `path` references parameter `missing`, which has no value for this run",
    );
  });

  it('lists secret values for the redactor', () => {
    expect(params.secretValues()).toEqual(['s3cret-value']);
  });
});

describe('SecretRedactor', () => {
  it('removes secrets, also as they appear escaped inside JSON', () => {
    const r = new SecretRedactor(['pa"ss\\word', 'abc']);
    expect(r.redact('login pa"ss\\word failed')).toBe('login *** failed');
    expect(r.redact(JSON.stringify({ p: 'pa"ss\\word' }))).toBe('{"p":"***"}');
    expect(r.redact('abc is too short to be scrubbed')).toBe('abc is too short to be scrubbed');
  });

  it('never lets a secret through, whatever surrounds it', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 4 }), fc.string(), fc.string(), (secret, before, after) => {
        const out = new SecretRedactor([secret]).redact(before + secret + after + secret);
        expect(out.includes(secret)).toBe(false);
      }),
    );
  });
});

describe('scrubInlineCredentials', () => {
  it('masks passwords inside URLs and JAAS lines', () => {
    expect(scrubInlineCredentials('jdbc:mysql://app:pw@db:3306/x?useSSL=true&password=pw2')).toBe(
      'jdbc:mysql://app:***@db:3306/x?useSSL=true&password=***',
    );
    expect(
      scrubInlineCredentials(
        'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p\\"w";',
      ),
    ).toBe('org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="***";');
    expect(scrubInlineCredentials('jdbc:mysql://db:3306/x')).toBe('jdbc:mysql://db:3306/x');
  });
});
