/**
 * The public face of the clusters: patterns keyed by their template text, with stable ids (a hash of
 * the template), counts, a sample line, and aliases from ids that disappeared (a template that
 * generalised) to the id that replaced them.
 *
 * It also makes templates canonical across clusters: a variable that spans a varying number of
 * tokens (`delete <*>`, `delete <*> <*> <*>`) first appears as clusters of different lengths; once
 * two templates differ only in the length of their runs of `<*>` tokens, both are written with one
 * `<*>` per run and become one pattern. Runs of a fixed length (`Fan speeds ( <*> <*> <*> )`) stay.
 */
import type { SubPattern } from '../cluster/cluster.js';
import { WILDCARD } from '../mask/token-masker.js';
import { fnv1a64Hex } from '../util/fnv64.js';

/** One pattern: all sub-patterns (in any cluster) whose canonical template is `template`. */
export interface PatternRecord {
  readonly id: string;
  readonly template: string;
  count: number;
  /** First line (content part) seen for this pattern. */
  sample: string;
  readonly subs: Set<SubPattern>;
}

/** A pattern id replaced by another one. */
export interface IdChange {
  readonly from: string;
  readonly to: string;
}

/** Templates sharing one collapsed form, and whether they are written collapsed. */
interface RunGroup {
  raws: Map<string, number>;
  collapsed: boolean;
}

const SPACED = ` ${WILDCARD}`;

/**
 * True for a token that is a variable with punctuation only around it (`<*>`, `*<*>`, `(<*>):`):
 * it can be part of a variable written as several tokens (`chrome.exe *64`, `host (alias):`).
 */
function isVariableOnly(token: string): boolean {
  if (token.indexOf(WILDCARD) < 0) return false;
  const rest = token.split(WILDCARD).join('');
  for (let i = 0; i < rest.length; i++) {
    const c = rest.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 128) return false;
  }
  return true;
}

const CLOSING = ')]}>';
const OPENING = '([{<';

/**
 * The punctuation kept after a collapsed run tokens[i..j): what follows the last variable, less the
 * closing brackets whose opening ones were inside the run (`<*> (<*>):` -> `:`).
 */
function runTail(tokens: readonly string[], i: number, j: number): string {
  const last = tokens[j - 1]!;
  let tail = last.slice(last.lastIndexOf(WILDCARD) + WILDCARD.length);
  const open = [0, 0, 0, 0];
  for (let k = i; k < j; k++) {
    const tok = tokens[k]!;
    // The first token's punctuation before its variable is kept, so it opens nothing inside.
    const from = k === i ? tok.indexOf(WILDCARD) : 0;
    const to = k === j - 1 ? tok.lastIndexOf(WILDCARD) : tok.length;
    for (let x = from; x < to; x++) {
      const o = OPENING.indexOf(tok[x]!);
      if (o >= 0) open[o]!++;
      const c = CLOSING.indexOf(tok[x]!);
      if (c >= 0 && open[c]! > 0) open[c]!--;
    }
  }
  while (tail.length > 0) {
    const c = CLOSING.indexOf(tail[0]!);
    if (c < 0 || open[c] === 0) break;
    open[c]!--;
    tail = tail.slice(1);
  }
  return tail;
}

/**
 * Replaces every run of variable tokens that holds a standalone `<*>` (`<*> <*>`, `<*> *<*>`,
 * `<*> (<*>):`) by one `<*>`, keeping the punctuation before the first variable and after the last
 * (`<*>:`); returns the input when there is none. A run ends after a token with punctuation behind
 * its variable (`<*>, <*>` stays).
 */
export function collapseRuns(raw: string): string {
  if (!hasStandaloneWildcard(raw)) return raw;
  const tokens = raw.split(' ');
  const out: string[] = [];
  let i = 0;
  let changed = false;
  while (i < tokens.length) {
    let j = i;
    let standalone = false;
    while (j < tokens.length && isVariableOnly(tokens[j]!)) {
      if (tokens[j] === WILDCARD) standalone = true;
      j++;
      // Punctuation after a variable separates it from the next one (`<*>, <*>` are two values).
      if (!tokens[j - 1]!.endsWith(WILDCARD)) break;
    }
    if (j - i >= 2 && standalone) {
      const first = tokens[i]!;
      out.push(first.slice(0, first.indexOf(WILDCARD)) + WILDCARD + runTail(tokens, i, j));
      changed = true;
      i = j;
    } else if (j > i) {
      for (let k = i; k < j; k++) out.push(tokens[k]!);
      i = j;
    } else {
      out.push(tokens[i]!);
      i++;
    }
  }
  return changed ? out.join(' ') : raw;
}

function hasStandaloneWildcard(raw: string): boolean {
  return (
    raw === WILDCARD ||
    raw.startsWith(`${WILDCARD} `) ||
    raw.indexOf(`${SPACED} `) >= 0 ||
    raw.endsWith(SPACED)
  );
}

export class PatternRegistry {
  /** Live patterns by id. */
  readonly records = new Map<string, PatternRecord>();
  /** Replaced id -> replacing id (follow with `resolve`). Bounded: oldest entries are dropped. */
  readonly aliases = new Map<string, string>();
  /** Id changes since the last `takeChanges()`. */
  private changes: IdChange[] = [];
  private readonly groups = new Map<string, RunGroup>();
  private readonly idCache = new Map<string, string>();

  constructor(private readonly maxAliases: number) {}

  /** Stable id of a canonical template. */
  idOf(template: string): string {
    let id = this.idCache.get(template);
    if (id === undefined) {
      id = fnv1a64Hex(template);
      if (this.idCache.size >= 65536) this.idCache.clear();
      this.idCache.set(template, id);
    }
    return id;
  }

  /** Canonical template for a sub-pattern template. */
  canonicalOf(raw: string): string {
    if (!hasStandaloneWildcard(raw)) return raw;
    const sig = collapseRuns(raw);
    const g = this.groups.get(sig);
    return g?.collapsed ? sig : raw;
  }

  /** Follows aliases from an id to the live id replacing it (the id itself when live or unknown). */
  resolve(id: string): string {
    let cur = id;
    for (let hops = 0; hops < 64; hops++) {
      const next = this.aliases.get(cur);
      if (next === undefined) return cur;
      cur = next;
    }
    return cur;
  }

  /** Returns and clears the id changes recorded since the previous call. */
  takeChanges(): IdChange[] {
    if (this.changes.length === 0) return NO_CHANGES;
    const c = this.changes;
    this.changes = [];
    return c;
  }

  /** Names of run groups written collapsed (for snapshots). */
  collapsedSignatures(): string[] {
    const out: string[] = [];
    for (const [sig, g] of this.groups) if (g.collapsed) out.push(sig);
    return out;
  }

  /** Marks a run group as collapsed without any re-keying (snapshot restore). */
  restoreCollapsed(sig: string): void {
    let g = this.groups.get(sig);
    if (!g) {
      g = { raws: new Map(), collapsed: true };
      this.groups.set(sig, g);
    }
    g.collapsed = true;
  }

  /** Records an alias directly (snapshot restore and merge). */
  restoreAlias(from: string, to: string): void {
    if (from !== to) this.setAlias(from, to);
  }

  /** Registers a sub-pattern (new, or after its template changed) and returns its record. */
  attach(sub: SubPattern, sample: string): PatternRecord {
    if (sub.record !== null) throw new Error(`sub-pattern "${sub.raw}" is already registered`);
    this.registerRaw(sub.raw);
    const template = this.canonicalOf(sub.raw);
    const rec = this.recordFor(template, sample);
    rec.subs.add(sub);
    rec.count += sub.count;
    sub.record = rec;
    return rec;
  }

  /** Removes a sub-pattern (evicted, renamed or folded); drops its record when it was the last one. */
  detach(sub: SubPattern): PatternRecord | undefined {
    const rec = sub.record;
    if (!rec) return undefined;
    rec.subs.delete(sub);
    rec.count -= sub.count;
    sub.record = null;
    this.unregisterRaw(sub.raw);
    if (rec.subs.size === 0) this.records.delete(rec.id);
    return rec;
  }

  /**
   * Notes that lines of pattern `from` now belong to `to`, for the caller; when `from` is gone, it
   * also becomes an alias for later `resolve`.
   */
  noteChange(from: string, to: string, alias = true): void {
    if (from === to) return;
    if (alias) this.setAlias(from, to);
    this.changes.push({ from, to });
  }

  private setAlias(from: string, to: string): void {
    // An id that comes back (a template seen again) is live, not an alias.
    this.aliases.delete(to);
    this.aliases.delete(from);
    this.aliases.set(from, to);
    if (this.aliases.size > this.maxAliases) {
      const oldest = this.aliases.keys().next().value as string;
      this.aliases.delete(oldest);
    }
  }

  private recordFor(template: string, sample: string): PatternRecord {
    const id = this.idOf(template);
    let rec = this.records.get(id);
    if (!rec) {
      rec = { id, template, count: 0, sample, subs: new Set() };
      this.records.set(id, rec);
      this.aliases.delete(id);
    }
    return rec;
  }

  private registerRaw(raw: string): void {
    if (!hasStandaloneWildcard(raw)) return;
    const sig = collapseRuns(raw);
    let g = this.groups.get(sig);
    if (!g) {
      g = { raws: new Map(), collapsed: false };
      this.groups.set(sig, g);
    }
    const n = g.raws.get(raw);
    g.raws.set(raw, (n ?? 0) + 1);
    if (n === undefined && !g.collapsed && g.raws.size >= 2) {
      g.collapsed = true;
      // Every template of the group is now written collapsed: move their patterns.
      for (const other of g.raws.keys()) {
        if (other === raw || other === sig) continue;
        const oldRec = this.records.get(this.idOf(other));
        if (!oldRec) continue;
        const target = this.recordFor(sig, oldRec.sample);
        for (const s of oldRec.subs) {
          target.subs.add(s);
          s.record = target;
        }
        target.count += oldRec.count;
        this.records.delete(oldRec.id);
        this.noteChange(oldRec.id, target.id);
      }
    }
  }

  private unregisterRaw(raw: string): void {
    if (!hasStandaloneWildcard(raw)) return;
    const sig = collapseRuns(raw);
    const g = this.groups.get(sig);
    if (!g) return;
    const n = g.raws.get(raw) ?? 0;
    if (n <= 1) g.raws.delete(raw);
    else g.raws.set(raw, n - 1);
    // A collapsed group stays collapsed (no flip-flopping of ids); an empty plain one goes away.
    if (g.raws.size === 0 && !g.collapsed) this.groups.delete(sig);
  }
}

const NO_CHANGES: IdChange[] = [];
Object.freeze(NO_CHANGES);
