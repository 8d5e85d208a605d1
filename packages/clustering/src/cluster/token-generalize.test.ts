import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generalizeToken, tokenCovers } from './token-generalize.js';

describe('generalizeToken', () => {
  it('keeps the shared key and punctuation around a value', () => {
    expect(generalizeToken('name=android,', 'name=com.example,')).toBe('name=<*>,');
    expect(generalizeToken('(uid=0)', 'LOGIN(uid=0)')).toBe('<*>(uid=0)');
    expect(generalizeToken('root', 'guest')).toBe('<*>');
    expect(generalizeToken('WindowsUpdateAgent.', 'SPP.')).toBe('<*>.');
    expect(generalizeToken('uid=<*>', 'uid=7')).toBe('uid=<*>');
  });

  it('always covers both inputs and never makes touching wildcards (property)', () => {
    const tok = fc.string({ unit: fc.constantFrom(...'ab1=,.()<*>'), minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(tok, tok, (a, b) => {
        const g = generalizeToken(a, b);
        expect(tokenCovers(g, a)).toBe(true);
        expect(tokenCovers(g, b)).toBe(true);
        expect(g).not.toContain('<*><*>');
      }),
      { numRuns: 3000 },
    );
  });
});
