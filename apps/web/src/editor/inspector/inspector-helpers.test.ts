import { getConnector } from '@sluice/dag';
import { describe, expect, it } from 'vitest';
import { typeProblem } from './ColumnsEditor.js';
import { keepKnownOptions } from './TableInspector.js';

describe('inspector helpers', () => {
  it('reports a Flink type problem with its position, and nothing while the field is empty', () => {
    expect(typeProblem('DECIMAL(40, 2)')).toMatch(/precision/);
    expect(typeProblem('ROW<a INT, b ARRAY<STRING>>')).toBeUndefined();
    expect(typeProblem('  ')).toBeUndefined();
  });

  it('keeps the options a newly chosen connector also knows', () => {
    const options = { path: '/tmp/x', format: 'json', 'number-of-rows': '5' };
    expect(keepKnownOptions(options, getConnector('filesystem'))).toEqual({ path: '/tmp/x', format: 'json' });
    expect(keepKnownOptions(options, undefined)).toEqual({});
  });
});
