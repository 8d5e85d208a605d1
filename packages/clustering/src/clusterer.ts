/**
 * `LogClusterer`: the online API. Learn lines one at a time or in batches, get a stable pattern id,
 * the template and the variable values of each line, list patterns and top patterns, and snapshot,
 * restore or merge the whole state.
 */
import { Cluster, type SubPattern } from './cluster/cluster.js';
import { alignRun, ClusterTree } from './cluster/cluster-tree.js';
import { type ClustererOptions, modelOptions, type ResolvedOptions, resolveOptions } from './config.js';
import { compileHeaderFormat, type HeaderFormat, splitHeader } from './header/header-format.js';
import { hashKey, lastScanFolded, pieceHash, pieceKey, scanPieces } from './mask/line-scanner.js';
import { Masker } from './mask/masker.js';
import { WILDCARD } from './mask/token-masker.js';
import { KeyMemo, type MemoEntry } from './memo/key-memo.js';
import { extractParams } from './patterns/params.js';
import { type IdChange, type PatternRecord, PatternRegistry } from './patterns/pattern-registry.js';
import { groupTopPatterns, type TopPattern } from './patterns/top-patterns.js';
import {
  type ClustererSnapshot,
  type ClusterSnapshot,
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  SnapshotError,
  validateSnapshot,
} from './snapshot/snapshot-format.js';
import { detach, detachFlat } from './util/detach.js';

/** Result of learning one line. */
export interface LearnResult {
  /** Stable id of the line's pattern: 16 hex digits of FNV-1a 64 over the template. */
  readonly patternId: string;
  /** The line's template, `<*>` for each variable. */
  readonly template: string;
  /** The variable values of the line, one per `<*>` (computed on first access). */
  readonly params: string[];
  /** True when this line created the pattern. */
  readonly isNew: boolean;
  /** True when learning this line changed existing templates (see `changes`). */
  readonly templateChanged: boolean;
  /** Pattern ids replaced while learning this line (old id -> new id). */
  readonly changes: readonly IdChange[];
  /** True when the line was longer than `maxLineLength` or had more than `maxTokens` tokens. */
  readonly truncated: boolean;
  /** Header fields when a header format is configured and the line matched it. */
  readonly header: Readonly<Record<string, string>> | null;
}

/** Final pattern of one line in {@link LogClusterer.parseAll}. */
export interface ParsedLine {
  patternId: string;
  template: string;
}

/** Incremental parsing (see {@link LogClusterer.parseSession}). */
export interface ParseSession {
  /** Learns the next line. */
  add(line: string): void;
  /** The final pattern of every added line, in order. */
  finish(): ParsedLine[];
}

/** Result of matching a line without learning it. */
export interface MatchResult {
  readonly patternId: string;
  readonly template: string;
  readonly params: string[];
}

/** One pattern in {@link LogClusterer.patterns}. */
export interface PatternInfo {
  patternId: string;
  template: string;
  count: number;
  /** First line seen with this pattern (content part, truncated to 1000 characters). */
  sample: string;
  /** Id of the pattern's family (see {@link LogClusterer.topPatterns}). */
  topPatternId: string;
}

const SAMPLE_MAX = 1000;

class Learned implements LearnResult {
  private cachedParams: string[] | null = null;
  constructor(
    readonly patternId: string,
    readonly template: string,
    readonly isNew: boolean,
    readonly changes: readonly IdChange[],
    readonly truncated: boolean,
    readonly header: Readonly<Record<string, string>> | null,
    private readonly content: string,
  ) {}
  get params(): string[] {
    if (this.cachedParams === null) this.cachedParams = extractParams(this.template, this.content);
    return this.cachedParams;
  }
  get templateChanged(): boolean {
    return this.changes.length > 0;
  }
  toJSON(): LearnResult {
    return {
      patternId: this.patternId,
      template: this.template,
      params: this.params,
      isNew: this.isNew,
      templateChanged: this.templateChanged,
      changes: this.changes,
      truncated: this.truncated,
      header: this.header,
    };
  }
}

/** Tokens of a masked line (its key). */
function keyTokens(key: string): string[] {
  return key === '' ? [] : key.split(' ');
}

function truncate(line: string, max: number): string {
  let cut = max;
  // Never split a surrogate pair.
  const c = line.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut--;
  return line.slice(0, cut);
}

/**
 * Online log clustering.
 *
 * @example
 * const c = new LogClusterer();
 * c.learn('connection from 10.0.0.1 closed');
 * const r = c.learn('connection from 10.0.0.2 closed');
 * r.template; // 'connection from <*> closed'
 * r.params; // ['10.0.0.2']
 */
export class LogClusterer {
  /** The options in effect, defaults filled in. */
  readonly options: ResolvedOptions;
  private readonly tree: ClusterTree;
  private readonly registry: PatternRegistry;
  private readonly masker: Masker;
  private readonly headerFormat: HeaderFormat | null;
  /** Memo of masked lines (null when `cacheSize` is 0). */
  private readonly memo: KeyMemo | null;
  private readonly hasRules: boolean;
  /** Set by `learnContent`: tokens beyond the cap were folded. */
  private folded = false;
  private lines = 0;
  // Scratch results of the current line (single-threaded; avoids an object per line).
  private truncated = false;
  private header: Record<string, string> | null = null;
  private lastIsNew = false;

  constructor(options?: ClustererOptions) {
    this.options = resolveOptions(options);
    const o = this.options;
    this.tree = new ClusterTree({
      similarity: o.similarity,
      maxSplitValues: o.maxSplitValues,
      maxWordDifferences: o.maxWordDifferences,
    });
    this.registry = new PatternRegistry(o.maxAliases);
    this.masker = new Masker(o.extraMasks, o.maxTokens);
    this.memo = o.cacheSize > 0 ? new KeyMemo(o.cacheSize) : null;
    this.hasRules = o.extraMasks.length > 0;
    this.headerFormat = o.headerFormat === null ? null : compileHeaderFormat(o.headerFormat);
  }

  /** Lines learned so far. */
  get lineCount(): number {
    return this.lines;
  }

  /** Live clusters (at most `maxClusters`). */
  get clusterCount(): number {
    return this.tree.size;
  }

  /** Live patterns. */
  get patternCount(): number {
    return this.registry.records.size;
  }

  /**
   * Learns one line and returns its pattern. Any string is accepted: empty, binary, very long.
   *
   * @example
   * new LogClusterer().learn('disk /dev/sda1 is 91% full').template; // 'disk <*> is <*> full'
   */
  learn(line: string): LearnResult {
    const content = this.prepare(line);
    const header = this.header;
    const rec = this.learnContent(content, 1).record!;
    const truncated = this.truncated || this.folded;
    return new Learned(
      rec.id,
      rec.template,
      this.lastIsNew,
      this.registry.takeChanges(),
      truncated,
      header,
      content,
    );
  }

  /**
   * Learns lines in order; same results as calling {@link learn} for each.
   *
   * @example
   * new LogClusterer().learnBatch(['a 1', 'a 2']).map((r) => r.template); // ['a <*>', 'a <*>']
   */
  learnBatch(lines: readonly string[]): LearnResult[] {
    const out = new Array<LearnResult>(lines.length);
    for (let i = 0; i < lines.length; i++) out[i] = this.learn(lines[i]!);
    return out;
  }

  /**
   * Finds the pattern of a line without learning it; null when no template covers the line as is.
   *
   * @example
   * const c = new LogClusterer();
   * c.learnBatch(['took 5 ms', 'took 7 ms']);
   * c.match('took 9 ms')?.template; // 'took <*> ms'
   */
  match(line: string): MatchResult | null {
    const content = this.prepare(line);
    const key = this.masker.mask(content);
    const e = this.memo?.findKey(key, hashKey(key));
    let cluster: Cluster | null = null;
    let tokens: readonly string[] = keyTokens(key);
    if (e?.cluster.alive) {
      cluster = e.cluster;
      tokens = e.tokens;
    } else {
      cluster = this.tree.match(tokens);
      tokens = this.tree.alignedTokens(tokens);
    }
    if (cluster === null || !cluster.covers(tokens)) return null;
    const raw = cluster.templateFor(tokens).join(' ');
    const sub = cluster.subs.get(raw);
    const template = sub?.record ? sub.record.template : this.registry.canonicalOf(raw);
    const patternId = sub?.record ? sub.record.id : this.registry.idOf(template);
    return { patternId, template, params: extractParams(template, content) };
  }

  /**
   * One live pattern by id (replaced ids are followed), without its top pattern; null when unknown.
   *
   * @example
   * clusterer.getPattern(oldId)?.template;
   */
  getPattern(patternId: string): Omit<PatternInfo, 'topPatternId'> | null {
    const r = this.registry.records.get(this.registry.resolve(patternId));
    return r ? { patternId: r.id, template: r.template, count: r.count, sample: r.sample } : null;
  }

  /** Follows replaced ids to the live pattern id (returns the input when it is live or unknown). */
  resolveId(patternId: string): string {
    return this.registry.resolve(patternId);
  }

  /**
   * All live patterns, most frequent first, each with its top-pattern id.
   *
   * @example
   * new LogClusterer().patterns(); // []
   */
  patterns(): PatternInfo[] {
    const tops = this.topPatterns();
    const topOf = new Map<string, string>();
    for (const t of tops) for (const id of t.patternIds) topOf.set(id, t.topPatternId);
    const out: PatternInfo[] = [];
    for (const r of this.registry.records.values()) {
      out.push({
        patternId: r.id,
        template: r.template,
        count: r.count,
        sample: r.sample,
        topPatternId: topOf.get(r.id) ?? r.id,
      });
    }
    out.sort((a, b) => b.count - a.count || (a.template < b.template ? -1 : a.template > b.template ? 1 : 0));
    return out;
  }

  /**
   * Families of near-identical templates; independent of the order the patterns were learned in.
   *
   * @example
   * const c = new LogClusterer();
   * c.learnBatch(['worker alpha started', 'worker beta started', 'worker gamma started']);
   * c.topPatterns()[0]?.template; // 'worker <*> started'
   */
  topPatterns(): TopPattern[] {
    const list = [];
    for (const r of this.registry.records.values()) {
      list.push({ patternId: r.id, template: r.template, count: r.count });
    }
    return groupTopPatterns(list);
  }

  /**
   * The state as versioned JSON-ready data; {@link LogClusterer.restore} brings it back exactly.
   *
   * @example
   * const copy = LogClusterer.restore(clusterer.snapshot());
   */
  snapshot(): ClustererSnapshot {
    const clusters: ClusterSnapshot[] = [];
    const ordered = [...this.tree.clusters].sort((a, b) => a.seq - b.seq);
    for (const c of ordered) {
      const splits: [number, [string, number][]][] = [];
      if (c.splits !== null) {
        const positions = [...c.splits.keys()].sort((a, b) => a - b);
        for (const pos of positions) splits.push([pos, [...c.splits.get(pos)!.entries()]]);
      }
      const subs: [string, number, string][] = [];
      for (const s of c.subs.values()) subs.push([s.raw, s.count, s.record?.sample ?? '']);
      const cs: ClusterSnapshot = {
        tokens: c.tokens.slice(),
        count: c.count,
        lastUsed: c.lastUsed,
        splits,
        subs,
      };
      if (c.spans !== null) cs.spans = c.spans.slice();
      clusters.push(cs);
    }
    return {
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      model: modelOptions(this.options),
      lines: this.lines,
      clusters,
      collapsed: this.registry.collapsedSignatures(),
      aliases: [...this.registry.aliases.entries()],
    };
  }

  /**
   * Rebuilds a clusterer from {@link snapshot} output (after `JSON.parse`). Options that change
   * results come from the snapshot; others (caps, header format, extra masks) from `options`.
   *
   * @example
   * const restored = LogClusterer.restore(JSON.parse(text), { headerFormat: '<Level> <Content>' });
   */
  static restore(snapshot: unknown, options?: ClustererOptions): LogClusterer {
    const s = validateSnapshot(snapshot);
    const c = new LogClusterer({ ...options, ...s.model });
    c.lines = s.lines;
    const restored: [SubPattern, string][] = [];
    for (const [ci, cs] of s.clusters.entries()) {
      const cluster = c.tree.create(cs.tokens.slice());
      cluster.count = cs.count;
      cluster.lastUsed = cs.lastUsed;
      if (cs.splits.length > 0) {
        cluster.splits = new Map();
        for (const [pos, variants] of cs.splits) cluster.splits.set(pos, new Map(variants));
      }
      if (cs.spans !== undefined && cs.spans.length > 0) c.tree.setSpans(cluster, cs.spans.slice());
      for (const [raw, count, sample] of cs.subs) {
        if (cluster.subs.has(raw))
          throw new SnapshotError(`clusters[${ci}].subs`, `template "${raw}" repeats`);
        const sub: SubPattern = {
          tokens: raw === '' ? [] : raw.split(' '),
          raw,
          count,
          mergedInto: null,
          cluster,
          record: null,
        };
        cluster.subs.set(raw, sub);
        restored.push([sub, sample]);
      }
    }
    // Collapsed run groups first, so that attaching the sub-patterns re-keys nothing.
    for (const sig of s.collapsed) c.registry.restoreCollapsed(sig);
    for (const [sub, sample] of restored) c.registry.attach(sub, sample);
    for (const [from, to] of s.aliases) c.registry.restoreAlias(from, to);
    c.registry.takeChanges();
    return c;
  }

  /**
   * Learns all lines, then reports for each line the final pattern of its cluster (templates only
   * generalise while learning, so earlier lines get the template their cluster ended with).
   *
   * @example
   * new LogClusterer().parseAll(['took 5 ms', 'took 7 ms']).map((p) => p.template); // ['took <*> ms', 'took <*> ms']
   */
  parseAll(lines: Iterable<string>): ParsedLine[] {
    const session = this.parseSession();
    for (const line of lines) session.add(line);
    return session.finish();
  }

  /**
   * Incremental {@link parseAll} for streams: `add` lines as they arrive, `finish` once at the end.
   *
   * @example
   * const s = new LogClusterer().parseSession();
   * for await (const line of lines) s.add(line);
   * const parsed = s.finish();
   */
  parseSession(): ParseSession {
    const subs: SubPattern[] = [];
    const learned: PatternRecord[] = [];
    return {
      add: (line: string) => {
        const content = this.prepare(line);
        const sub = this.learnContent(content, 1);
        this.registry.takeChanges();
        subs.push(sub);
        learned.push(sub.record!);
      },
      finish: () => {
        const out = new Array<ParsedLine>(subs.length);
        for (let i = 0; i < subs.length; i++) {
          let s = subs[i]!;
          while (s.mergedInto !== null) s = s.mergedInto;
          // An evicted cluster keeps the pattern the line had when it was learned.
          const r = s.record ?? learned[i]!;
          out[i] = { patternId: r.id, template: r.template };
        }
        return out;
      },
    };
  }

  /**
   * @internal Used by `mergeSnapshots`: learns already-masked template tokens with a weight and
   * returns a function giving, once everything is learned, the id of the pattern they ended in.
   */
  learnTemplate(
    tokens: string[],
    sample: string,
    weight: number,
    spans: readonly number[] = [],
  ): () => string {
    this.lines += weight;
    const key = tokens.join(' ');
    this.folded = false;
    const sub = this.learnKeyed(key, hashKey(key), sample, weight, null);
    if (spans.length > 0) this.restoreSpans(this.resolveSub(sub).cluster, tokens.length, spans);
    const learnedId = sub.record!.id;
    this.registry.takeChanges();
    return () => {
      let s = sub;
      while (s.mergedInto !== null) s = s.mergedInto;
      // An evicted sub-pattern has no record: follow the aliases of the id it had.
      return s.record !== null ? s.record.id : this.registry.resolve(learnedId);
    };
  }

  /**
   * Marks positions of a template learned by `learnTemplate` as span variables again (they were in
   * an input of a merge), when the template kept its shape in `cluster`; clusters the span now
   * covers join it.
   */
  private restoreSpans(cluster: Cluster, length: number, spans: readonly number[]): void {
    if (!cluster.alive || cluster.tokens.length !== length) return;
    const next = new Set(cluster.spans ?? []);
    for (const p of spans) if (cluster.tokens[p] === WILDCARD && !cluster.splits?.has(p)) next.add(p);
    if (next.size === (cluster.spans?.length ?? 0)) return;
    this.tree.setSpans(
      cluster,
      [...next].sort((a, b) => a - b),
    );
    this.foldCovered(cluster);
  }

  /** @internal Count of a live pattern (0 when unknown). */
  countOf(patternId: string): number {
    return this.registry.records.get(patternId)?.count ?? 0;
  }

  /** @internal Adds an alias (merge). */
  addAlias(from: string, to: string): void {
    if (!this.registry.records.has(from)) this.registry.restoreAlias(from, to);
  }

  /** @internal Overrides the line counter (merge: the sum of the inputs). */
  setLineCount(n: number): void {
    this.lines = n;
  }

  /** Truncates and splits off the header; returns the content and sets `truncated`/`header`. */
  private prepare(line: string): string {
    let text = typeof line === 'string' ? line : String(line);
    this.truncated = false;
    if (text.length > this.options.maxLineLength) {
      text = truncate(text, this.options.maxLineLength);
      this.truncated = true;
    }
    if (this.headerFormat === null) {
      this.header = null;
      return text;
    }
    const split = splitHeader(this.headerFormat, text);
    this.header = split.header;
    return split.content;
  }

  /**
   * Masks and learns one line's content; returns its sub-pattern and sets `lastIsNew`/`folded`.
   * Repeated lines and repeated masked lines are found in the memo without building their key.
   */
  private learnContent(content: string, weight: number): SubPattern {
    this.lines += weight;
    const memo = this.memo;
    if (memo === null || this.hasRules) {
      const key = this.masker.mask(content);
      this.folded = this.masker.folded;
      return this.learnKeyed(key, hashKey(key), content, weight, null);
    }
    let e = memo.findRaw(content);
    if (e !== undefined) {
      this.folded = false;
    } else {
      scanPieces(content, this.options.maxTokens);
      this.folded = lastScanFolded();
      const hash = pieceHash();
      e = memo.findPieces(content, hash);
      if (e === undefined) return this.learnKeyed(pieceKey(content), hash, content, weight, null);
      if (!this.folded) memo.rememberRaw(content, e);
    }
    if (!e.cluster.alive) return this.learnKeyed(e.key, e.hash, content, weight, e);
    return this.learnHit(e, content, weight);
  }

  /** A line whose masked form is in the memo: counts change, templates do not. */
  private learnHit(e: MemoEntry, content: string, weight: number): SubPattern {
    const cluster = e.cluster;
    this.tree.touch(cluster, e.tokens, weight);
    cluster.lastUsed = this.lines;
    let sub = e.sub;
    if (e.version !== cluster.version || sub.mergedInto !== null) {
      sub = this.subFor(cluster, e.tokens, content).sub;
      e.sub = sub;
      e.version = cluster.version;
    }
    this.count(sub, weight);
    this.lastIsNew = false;
    return sub;
  }

  /**
   * Learns a masked line given its key (the line counter is already advanced). `known` is the memo
   * entry of the key when it exists but its cluster was evicted.
   */
  private learnKeyed(
    key: string,
    hash: number,
    content: string,
    weight: number,
    known: MemoEntry | null,
  ): SubPattern {
    const memo = this.memo;
    if (known === null && memo !== null) {
      const e = memo.findKey(key, hash);
      if (e?.cluster.alive) return this.learnHit(e, content, weight);
    }
    // Kept for the long run (memo, templates): must not pin the input it was sliced from.
    const stored = known !== null ? known.key : detachFlat(key);
    const res = this.tree.learn(keyTokens(stored), weight);
    const cluster = res.cluster;
    // The line's tokens as its cluster sees them (a value with spaces may fill one variable).
    let tokens = res.tokens;
    cluster.lastUsed = this.lines;
    if (res.changed) {
      this.retemplate(cluster);
      this.foldCovered(cluster);
    }
    if (res.created) tokens = this.discoverSpan(cluster) ?? tokens;
    let { sub, isNew } = this.subFor(cluster, tokens, content);
    this.count(sub, weight);
    if (cluster.subs.size > this.options.maxPatternsPerCluster) {
      this.capPatterns(cluster);
      sub = this.resolveSub(sub);
    }
    if (memo !== null) {
      const entry = memo.insert({
        key: stored,
        hash,
        cluster,
        version: cluster.version,
        sub,
        tokens,
      });
      if (!this.folded && !this.hasRules) memo.rememberRaw(content, entry);
    }
    if (res.created && this.tree.size > this.options.maxClusters) this.evict(cluster);
    this.lastIsNew = isNew;
    return sub;
  }

  private count(sub: SubPattern, weight: number): void {
    sub.count += weight;
    sub.record!.count += weight;
  }

  private resolveSub(sub: SubPattern): SubPattern {
    let s = sub;
    while (s.mergedInto !== null) s = s.mergedInto;
    return s;
  }

  /** The sub-pattern of a line of `cluster` (created and registered when new). */
  private subFor(
    cluster: Cluster,
    tokens: readonly string[],
    content: string,
  ): { sub: SubPattern; isNew: boolean } {
    const t = cluster.templateFor(tokens);
    const raw = t.join(' ');
    let sub = cluster.subs.get(raw);
    if (sub !== undefined) return { sub, isNew: false };
    sub = { tokens: t.slice(), raw, count: 0, mergedInto: null, cluster, record: null };
    cluster.subs.set(raw, sub);
    // The sample is kept for the life of the pattern: a copy, not a view into the caller's buffer.
    const rec = this.registry.attach(
      sub,
      detach(content.length > SAMPLE_MAX ? content.slice(0, SAMPLE_MAX) : content),
    );
    return { sub, isNew: rec.count === 0 && rec.subs.size === 1 };
  }

  /** After a cluster's templates changed shape: move each sub-pattern to its new template. */
  private retemplate(cluster: Cluster): void {
    for (const sub of [...cluster.subs.values()]) {
      const t = cluster.templateFor(sub.tokens);
      const raw = t.join(' ');
      if (raw === sub.raw) continue;
      const oldRec = this.registry.detach(sub)!;
      cluster.subs.delete(sub.raw);
      this.placeSub(sub, oldRec, cluster, t);
    }
  }

  /**
   * After `cluster` generalised: clusters it would now accept whole are the same event, split off
   * earlier because two of its positions varied in one line. Their templates are learned into it
   * (which may generalise it further, so this repeats), their patterns move, old ids are reported.
   */
  private foldCovered(cluster: Cluster): void {
    let joined = false;
    for (let round = 0; round < 64; round++) {
      const others = this.tree.joinable(cluster);
      if (others.length === 0) break;
      const moved: [SubPattern, readonly string[]][] = [];
      for (const [d] of others) {
        // Joining one cluster may change what the next one needs: check again against the new state.
        const now = this.tree.joinable(cluster).find(([x]) => x === d);
        if (now === undefined) continue;
        cluster.lastUsed = Math.max(cluster.lastUsed, d.lastUsed);
        let k = 0;
        for (const sub of d.subs.values()) moved.push([sub, now[1][k++]!]);
        this.tree.join(cluster, d, now[1]);
        d.subs.clear();
      }
      joined = true;
      this.retemplate(cluster);
      for (const [sub, aligned] of moved) this.moveSub(sub, aligned, cluster);
    }
    if (joined && cluster.subs.size > this.options.maxPatternsPerCluster) this.capPatterns(cluster);
  }

  /**
   * After a line created `cluster`: when it and other clusters are one event with a value with spaces
   * between shared anchors (see `ClusterTree.findSpanGroup`), `cluster` becomes that event's span
   * cluster and the others join it (their pattern ids are reported as changed). Returns the line's
   * tokens aligned with the span cluster, or null when there is no such group.
   */
  private discoverSpan(cluster: Cluster): readonly string[] | null {
    const group = this.tree.findSpanGroup(cluster);
    if (group === null) return null;
    const { p, s } = group;
    const aligned = this.tree.makeSpan(cluster, p, s);
    const moved: [SubPattern, readonly string[]][] = [];
    for (const d of group.members) {
      const runs: string[][] = [];
      for (const sub of d.subs.values()) {
        const a = alignRun(sub.tokens, p, s);
        runs.push(a);
        moved.push([sub, a]);
      }
      cluster.lastUsed = Math.max(cluster.lastUsed, d.lastUsed);
      this.tree.join(cluster, d, runs);
      d.subs.clear();
    }
    for (const [sub, a] of moved) this.moveSub(sub, a, cluster);
    this.foldCovered(cluster);
    if (cluster.subs.size > this.options.maxPatternsPerCluster) this.capPatterns(cluster);
    return aligned;
  }

  /** Moves a sub-pattern of a joined cluster into `cluster`, under the template it has there. */
  private moveSub(sub: SubPattern, aligned: readonly string[], cluster: Cluster): void {
    const oldRec = this.registry.detach(sub)!;
    this.placeSub(sub, oldRec, cluster, cluster.templateFor(aligned));
  }

  /**
   * Puts a detached sub-pattern into `cluster` under `template`: folded into the sub-pattern that
   * already has that template there, or registered under it; reports the id change.
   */
  private placeSub(sub: SubPattern, oldRec: PatternRecord, cluster: Cluster, template: string[]): void {
    const raw = template.join(' ');
    const target = cluster.subs.get(raw);
    let newRec: PatternRecord;
    if (target !== undefined) {
      target.count += sub.count;
      target.record!.count += sub.count;
      sub.mergedInto = target;
      newRec = target.record!;
    } else {
      sub.raw = raw;
      sub.tokens = template.slice();
      sub.cluster = cluster;
      cluster.subs.set(raw, sub);
      newRec = this.registry.attach(sub, oldRec.sample);
    }
    this.noteMove(oldRec, newRec);
  }

  /** Reports that lines of `oldRec` now count towards `newRec`. */
  private noteMove(oldRec: PatternRecord, newRec: PatternRecord): void {
    if (oldRec.id === newRec.id) return;
    // The old id stays live if other sub-patterns still produce its template.
    this.registry.noteChange(oldRec.id, newRec.id, !this.registry.records.has(oldRec.id));
  }

  /** Too many exact templates in one cluster: the split position with most variants becomes `<*>`. */
  private capPatterns(cluster: Cluster): void {
    while (cluster.splits !== null && cluster.subs.size > this.options.maxPatternsPerCluster) {
      let best = -1;
      let most = -1;
      for (const [pos, variants] of cluster.splits) {
        if (variants.size > most) {
          most = variants.size;
          best = pos;
        }
      }
      this.tree.forceVariable(cluster, best);
      this.retemplate(cluster);
      this.foldCovered(cluster);
    }
  }

  /** Drops the least recently used clusters (down to 90% of the cap) and their patterns. */
  private evict(keep: Cluster): void {
    const target = Math.floor(this.options.maxClusters * 0.9);
    const all = [...this.tree.clusters].sort((a, b) => a.lastUsed - b.lastUsed || a.seq - b.seq);
    for (const c of all) {
      if (this.tree.size <= target) break;
      if (c === keep) continue;
      for (const sub of c.subs.values()) this.registry.detach(sub);
      this.tree.remove(c);
    }
  }
}
