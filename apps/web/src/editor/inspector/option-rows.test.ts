import { getConnector } from '@sluice/dag';
import { describe, expect, it } from 'vitest';
import { addableOptions, optionRows, wildcardPrefixes } from './option-rows.js';

const kafka = getConnector('kafka')!;
const datagen = getConnector('datagen')!;

describe('optionRows', () => {
  it('shows required options first, then the ones set, with their catalog spec', () => {
    const rows = optionRows(kafka, { 'scan.startup.mode': 'earliest-offset' }, 'source');
    const required = rows.filter((r) => r.required);
    expect(required.length).toBeGreaterThan(0);
    expect(rows.indexOf(required[required.length - 1]!)).toBeLessThan(
      rows.findIndex((r) => r.key === 'scan.startup.mode'),
    );
    expect(rows.find((r) => r.key === 'scan.startup.mode')?.resolved?.spec.type).toBe('enum');
  });

  it('shows an option that has a problem even when it is not set', () => {
    const rows = optionRows(datagen, {}, 'source', new Set(['number-of-rows']));
    expect(rows.map((r) => r.key)).toEqual(['number-of-rows']);
    expect(rows[0]?.value).toBeUndefined();
  });

  it('keeps keys the catalog does not know, last, without a spec', () => {
    const rows = optionRows(datagen, { 'number-of-rows': '5', 'no.such': 'x' }, 'source');
    expect(rows.map((r) => r.key)).toEqual(['number-of-rows', 'no.such']);
    expect(rows[1]?.resolved).toBeUndefined();
  });
});

describe('addableOptions', () => {
  it('offers per-column options for each physical column', () => {
    const keys = addableOptions(datagen, {}, 'source', [
      { kind: 'physical', name: 'id', type: 'BIGINT' },
      { kind: 'computed', name: 'c', expression: 'PROCTIME()' },
    ]).map((a) => a.key);
    expect(keys).toContain('fields.id.kind');
    expect(keys).toContain('number-of-rows');
    expect(keys.some((k) => k.startsWith('fields.c.'))).toBe(false);
  });

  it('leaves out options that are set', () => {
    const keys = addableOptions(datagen, { 'number-of-rows': '1' }, 'source', []).map((a) => a.key);
    expect(keys).not.toContain('number-of-rows');
  });

  it('offers the format options of the selected format', () => {
    const keys = addableOptions(kafka, { format: 'json' }, 'source', []).map((a) => a.key);
    expect(keys).toContain('json.ignore-parse-errors');
  });
});

describe('wildcardPrefixes', () => {
  it('names the hand-typed option families', () => {
    expect(wildcardPrefixes(kafka)).toContain('properties.');
  });
});
