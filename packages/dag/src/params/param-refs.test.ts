import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanParamRefs, substituteParams } from './param-refs.js';

describe('scanParamRefs', () => {
  it('finds references with their offsets', () => {
    expect(scanParamRefs('jdbc:mysql://${db_host}:3306/${db}').refs).toEqual([
      { name: 'db_host', start: 13, end: 23 },
      { name: 'db', start: 29, end: 34 },
    ]);
  });

  it('treats $${ as a literal', () => {
    expect(scanParamRefs('cost: $${price}').refs).toEqual([]);
    expect(substituteParams('cost: $${price}', {})).toBe('cost: ${price}');
  });

  it('reports malformed references', () => {
    expect(scanParamRefs('${ host }').problems[0]?.message).toContain(
      "'${ host }' is not a parameter reference",
    );
    expect(scanParamRefs('x${host').problems).toEqual([
      { message: "'${' is never closed with '}'", position: 1 },
    ]);
  });
});

describe('substituteParams', () => {
  it('replaces references and names a missing one without showing values', () => {
    expect(substituteParams('${a}-${b}', { a: '1', b: '2' })).toBe('1-2');
    expect(() => substituteParams('${a}', {})).toThrow("No value for parameter 'a'");
  });

  it('leaves text without references unchanged (property)', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes('${')),
        (s) => {
          expect(substituteParams(s, {})).toBe(s);
          expect(scanParamRefs(s).refs).toEqual([]);
        },
      ),
    );
  });
});
