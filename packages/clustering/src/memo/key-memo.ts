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
import { piecesEqual } from '../mask/line-scanner.js';
import { detach } from '../util/detach.js';

/** One remembered masked line. */
export interface MemoEntry {
  key: string;
  hash: number;
  next: MemoEntry | null;
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

export class KeyMemo {
  private readonly byHash = new Map<number, MemoEntry>();
  private readonly raw = new Map<string, MemoEntry>();
  private count = 0;
  private lookups = 0;
  private hits = 0;
  private paused = 0;
  private pause = PAUSE_MIN;

  constructor(private readonly capacity: number) {}

  /** Entry of the line last scanned by `scanPieces` (`hash` = `pieceHash()`). */
  findPieces(line: string, hash: number): MemoEntry | undefined {
    for (let e = this.byHash.get(hash) ?? null; e !== null; e = e.next) {
      if (piecesEqual(line, e.key)) return e;
    }
    return undefined;
  }

  /** Entry of a key. */
  findKey(key: string, hash: number): MemoEntry | undefined {
    for (let e = this.byHash.get(hash) ?? null; e !== null; e = e.next) {
      if (e.key === key) return e;
    }
    return undefined;
  }

  /** Adds an entry, or refreshes the existing entry of its key (returned). */
  insert(entry: MemoEntry): MemoEntry {
    const head = this.byHash.get(entry.hash) ?? null;
    for (let e = head; e !== null; e = e.next) {
      if (e.key === entry.key) {
        e.cluster = entry.cluster;
        e.version = entry.version;
        e.sub = entry.sub;
        e.tokens = entry.tokens;
        return e;
      }
    }
    if (this.count >= this.capacity) {
      // Full: start over (cheap, and the working set refills quickly).
      this.byHash.clear();
      this.raw.clear();
      this.count = 0;
      entry.next = null;
    } else {
      entry.next = head;
    }
    this.byHash.set(entry.hash, entry);
    this.count++;
    return entry;
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
