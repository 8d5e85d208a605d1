/**
 * Cache of recently seen masked lines (keys) -> cluster and sub-pattern, with an optional second
 * level from raw lines to entries. A masked line, once assigned, keeps its cluster while the entry
 * lives (the cluster's templates only widen, so they still cover it).
 *
 * Keys are found by hash (computed while the line is scanned) and compared piece by piece with the
 * scanned line, so a hit never builds the key string. Raw lines are only cached while that pays off:
 * when most lines are unique, hashing them costs more than it saves, and the raw level pauses.
 */
import type { Cluster, SubPattern } from '../cluster/cluster.js';
import { pieceLength, piecesBytesEqual, piecesEqual, scannedBytes } from '../mask/line-scanner.js';
import { detach } from '../util/detach.js';

/** One remembered masked line. */
export interface MemoEntry {
  key: string;
  hash: number;
  cluster: Cluster;
  /** Cluster version when `sub` was computed. */
  version: number;
  sub: SubPattern;
  /** `key` split into tokens, as aligned with `cluster` (a value with spaces may be one token). */
  tokens: readonly string[];
}

/** Raw-line lookups per adaptive window. */
const WINDOW = 4096;
/** Lines to skip the raw level for when it stopped paying off (doubling while it keeps failing). */
const PAUSE_MIN = 65536;
const PAUSE_MAX = 4_194_304;
/** Longer raw lines are not cached (hashing them costs more than masking saves). */
const RAW_MAX = 512;
/** Initial slots of the key table (grown by doubling, up to twice the capacity). */
const INITIAL_SLOTS = 1024;
/** Integers per table slot: hash, entry index + 1, arena offset, key length. */
const SLOT = 4;

export class KeyMemo {
  // Keys by hash in an open-addressing table (linear probing), one record of `SLOT` integers per slot:
  // the key's hash, its entry index + 1 (0 = empty), the offset of its bytes in the arena (-1 for a
  // key with non-ASCII characters) and its length. A probe and the checks before the byte comparison
  // read one cache line, not the entry and its key string (measured: the misses on those were most of
  // the cost of a memo hit). Faster than a Map keyed by 32-bit numbers, most of which V8 would box.
  private table = new Int32Array(INITIAL_SLOTS * SLOT);
  private entries: MemoEntry[] = [];
  // The keys of ASCII entries, byte for character, back to back: a hit compares the scanned line's
  // bytes with these, which is several times cheaper than reading the key string.
  private arena = new Uint8Array(INITIAL_SLOTS * 64);
  private arenaView = new DataView(this.arena.buffer);
  private arenaUsed = 0;
  /** Arena offset of each entry's key (-1: not ASCII), kept to rebuild the table when it grows. */
  private offsets = new Int32Array(INITIAL_SLOTS);
  private readonly raw = new Map<string, MemoEntry>();
  private lookups = 0;
  private hits = 0;
  private paused = 0;
  private pause = PAUSE_MIN;

  constructor(private readonly capacity: number) {}

  /** Entry of the line last scanned by `scanPieces` (`hash` = `pieceHash()`). */
  findPieces(line: string, hash: number): MemoEntry | undefined {
    const t = this.table;
    const mask = (t.length >> 2) - 1;
    const length = pieceLength();
    const codes = scannedBytes(line);
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const b = i << 2;
      const at = t[b + 1]!;
      if (at === 0) return undefined;
      if (t[b] === hash && t[b + 3] === length) {
        const offset = t[b + 2]!;
        if (codes !== null && offset >= 0) {
          if (piecesBytesEqual(codes, this.arena, this.arenaView, offset)) return this.entries[at - 1]!;
        } else {
          const e = this.entries[at - 1]!;
          if (piecesEqual(line, e.key)) return e;
        }
      }
    }
  }

  /** Entry of a key. */
  findKey(key: string, hash: number): MemoEntry | undefined {
    const t = this.table;
    const mask = (t.length >> 2) - 1;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const b = i << 2;
      const at = t[b + 1]!;
      if (at === 0) return undefined;
      if (t[b] === hash && t[b + 3] === key.length) {
        const e = this.entries[at - 1]!;
        if (e.key === key) return e;
      }
    }
  }

  /** Adds an entry, or refreshes the existing entry of its key (returned). */
  insert(entry: MemoEntry): MemoEntry {
    const e = this.findKey(entry.key, entry.hash);
    if (e !== undefined) {
      e.cluster = entry.cluster;
      e.version = entry.version;
      e.sub = entry.sub;
      e.tokens = entry.tokens;
      return e;
    }
    if (this.entries.length >= this.capacity) {
      // Full: start over (cheap, and the working set refills quickly).
      this.table.fill(0);
      this.entries = [];
      this.raw.clear();
      this.arenaUsed = 0;
    } else if ((this.entries.length + 1) * 2 * SLOT > this.table.length) {
      this.grow();
    }
    const k = this.entries.length;
    if (k === this.offsets.length) {
      const o = new Int32Array(k * 2);
      o.set(this.offsets);
      this.offsets = o;
    }
    this.offsets[k] = this.storeBytes(entry.key);
    this.entries.push(entry);
    this.place(entry.hash, this.entries.length, this.offsets[k]!, entry.key.length);
    return entry;
  }

  /** Copies an ASCII key into the arena; returns its offset, or -1 for any other key. */
  private storeBytes(key: string): number {
    const n = key.length;
    if (this.arenaUsed + n > this.arena.length) {
      const a = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + n));
      a.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = a;
      this.arenaView = new DataView(a.buffer);
    }
    const arena = this.arena;
    const at = this.arenaUsed;
    for (let i = 0; i < n; i++) {
      const c = key.charCodeAt(i);
      if (c >= 128) return -1;
      arena[at + i] = c;
    }
    this.arenaUsed += n;
    return at;
  }

  private place(hash: number, at: number, offset: number, length: number): void {
    const t = this.table;
    const mask = (t.length >> 2) - 1;
    let i = hash & mask;
    while (t[(i << 2) + 1] !== 0) i = (i + 1) & mask;
    const b = i << 2;
    t[b] = hash;
    t[b + 1] = at;
    t[b + 2] = offset;
    t[b + 3] = length;
  }

  private grow(): void {
    this.table = new Int32Array(this.table.length * 2);
    for (let k = 0; k < this.entries.length; k++) {
      const e = this.entries[k]!;
      this.place(e.hash, k + 1, this.offsets[k]!, e.key.length);
    }
  }

  /** Entry of a raw line seen before (while the raw level is active). */
  findRaw(line: string): MemoEntry | undefined {
    if (this.paused > 0) {
      this.paused--;
      return undefined;
    }
    if (line.length > RAW_MAX) return undefined;
    const e = this.raw.get(line);
    this.lookups++;
    if (e !== undefined) {
      this.hits++;
      return e;
    }
    if (this.lookups >= WINDOW) {
      if (this.hits * 10 < this.lookups) {
        this.paused = this.pause;
        this.pause = Math.min(this.pause * 2, PAUSE_MAX);
      } else {
        this.pause = PAUSE_MIN;
      }
      this.lookups = 0;
      this.hits = 0;
    }
    return undefined;
  }

  /** Remembers the entry of a raw line (a detached copy of `line` is stored). */
  rememberRaw(line: string, entry: MemoEntry): void {
    if (this.paused > 0 || line.length > RAW_MAX) return;
    if (this.raw.size >= this.capacity) this.raw.clear();
    this.raw.set(detach(line), entry);
  }
}
