import { describe, expect, it } from 'vitest';
import { Cluster, type SubPattern } from '../cluster/cluster.js';
import { hashKey, pieceHash, scanPieces } from '../mask/line-scanner.js';
import { KeyMemo, type MemoEntry } from './key-memo.js';

const cluster = new Cluster(1, ['a'], '1 a');
const sub = { tokens: ['a'], raw: 'a', count: 0, mergedInto: null, cluster, record: null } as SubPattern;
const entry = (key: string): MemoEntry => ({
  key,
  hash: hashKey(key),
  cluster,
  version: 0,
  sub,
  tokens: key.split(' '),
});

describe('KeyMemo', () => {
  it('finds keys by hash and content, also from a scanned line', () => {
    const m = new KeyMemo(100);
    const e = m.insert(entry('took <*> ms'));
    expect(m.findKey('took <*> ms', hashKey('took <*> ms'))).toBe(e);
    expect(m.findKey('took <*> s', hashKey('took <*> s'))).toBeUndefined();
    scanPieces('took  15 ms', 256);
    expect(m.findPieces('took  15 ms', pieceHash())).toBe(e);
  });

  it('tells apart keys whose hashes collide', () => {
    // "Aa" and "BB" have the same 31-polynomial hash.
    expect(hashKey('Aa')).toBe(hashKey('BB'));
    const m = new KeyMemo(100);
    const a = m.insert(entry('Aa'));
    const b = m.insert(entry('BB'));
    expect(m.findKey('Aa', hashKey('Aa'))).toBe(a);
    expect(m.findKey('BB', hashKey('BB'))).toBe(b);
  });

  it('refreshes an existing key and starts over when full', () => {
    const m = new KeyMemo(1000);
    for (let i = 0; i < 1000; i++) m.insert(entry(`key ${i}`));
    expect(m.findKey('key 999', hashKey('key 999'))).toBeDefined();
    const again = m.insert({ ...entry('key 5'), version: 7 });
    expect(again.version).toBe(7);
    m.insert(entry('key 1000'));
    expect(m.findKey('key 1', hashKey('key 1'))).toBeUndefined();
    expect(m.findKey('key 1000', hashKey('key 1000'))).toBeDefined();
  });
});
