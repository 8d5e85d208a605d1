import { describe, expect, it } from 'vitest';
import { extractParams } from './params.js';

describe('extractParams', () => {
  it('returns the text under each wildcard', () => {
    expect(
      extractParams(
        'connection from <*> (<*>) at <*>',
        'connection from 1.2.3.4 (host) at Fri Jun 17 07:07:00 2005',
      ),
    ).toEqual(['1.2.3.4', 'host', 'Fri Jun 17 07:07:00 2005']);
    expect(extractParams('uid=<*> euid=<*>', 'uid=0  euid=12')).toEqual(['0', '12']);
    expect(extractParams('<*>', 'anything at all')).toEqual(['anything at all']);
    expect(extractParams('no variables', 'no variables')).toEqual([]);
  });

  it('returns nothing when the template does not cover the line', () => {
    expect(extractParams('took <*> ms', 'took 5 s')).toEqual([]);
  });
});
