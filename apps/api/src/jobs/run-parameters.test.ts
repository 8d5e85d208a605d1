import type { Parameter } from '@sluice/dag';
import { describe, expect, it } from 'vitest';
import { prepareRunParameters } from './run-parameters.js';

const param = (p: Partial<Parameter> & { name: string }): Parameter => ({
  type: 'string',
  required: false,
  secret: false,
  description: '',
  ...p,
});

describe('prepareRunParameters', () => {
  const declared = [
    param({ name: 'limit', type: 'integer' }),
    param({ name: 'ratio', type: 'number' }),
    param({ name: 'dry', type: 'boolean' }),
    param({ name: 'db_pass', secret: true, required: true }),
    param({ name: 'region', required: true, default: 'eu' }),
  ];

  it('coerces form text to the declared types and masks secrets', () => {
    const result = prepareRunParameters(
      declared,
      { limit: '10', ratio: '0.5', dry: 'true', db_pass: 'hunter22' },
      new Set(),
    );
    expect(result.issues).toEqual([]);
    expect(result.shown).toEqual({ limit: 10, ratio: 0.5, dry: true, db_pass: '***' });
    expect(result.secrets).toEqual({ db_pass: 'hunter22' });
  });

  it('refuses secret values too short to mask, or not valid text, without also calling them missing', () => {
    const result = prepareRunParameters(declared, { db_pass: 'abc' }, new Set());
    expect(result.issues).toEqual([
      {
        path: 'parameters.db_pass',
        message: "parameter 'db_pass' must be at least 4 characters long, so that it can be masked in logs",
      },
    ]);
    const broken = prepareRunParameters(declared, { db_pass: 'pass\ud800word' }, new Set());
    expect(broken.issues.map((i) => i.message)).toEqual([
      "parameter 'db_pass' is not valid text (it has an unpaired UTF-16 surrogate)",
    ]);
    expect(prepareRunParameters(declared, { db_pass: '' }, new Set()).issues).toEqual([]);
  });

  it('reports a wrong-typed required value once, not also as missing', () => {
    const required = [param({ name: 'threshold', type: 'number', required: true })];
    const result = prepareRunParameters(required, { threshold: 'abc' }, new Set());
    expect(result.issues.map((i) => i.message)).toEqual(["parameter 'threshold' must be a number"]);
  });

  it('reports unknown names, wrong types and missing required values together', () => {
    const result = prepareRunParameters(declared, { limit: '1.5', colour: 'red' }, new Set());
    expect(result.issues.map((i) => i.path)).toEqual([
      'parameters.limit',
      'parameters.colour',
      'parameters.db_pass',
    ]);
    expect(result.issues[1]?.message).toMatch(
      /declares no parameter 'colour' \(declared: limit, ratio, dry, db_pass, region\)/,
    );
    expect(result.issues[2]?.message).toMatch(/required: supply it, or store it/);
  });

  it('counts a stored secret as a value', () => {
    expect(prepareRunParameters(declared, {}, new Set(['db_pass'])).issues).toEqual([]);
  });

  it('never puts a secret value in what is shown, even when it was given as a number', () => {
    const result = prepareRunParameters(declared, { db_pass: 123456 }, new Set());
    expect(JSON.stringify(result.shown)).not.toContain('123456');
    expect(result.secrets.db_pass).toBe('123456');
  });
});
