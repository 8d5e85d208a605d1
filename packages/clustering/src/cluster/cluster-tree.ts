/**
 * Online clustering of masked token sequences, after Drain: clusters are bucketed by token count
 * and first token, and a line joins the most similar cluster of its bucket when the share of
 * identical tokens reaches the similarity threshold.
 *
 * Unlike Drain, a token that differs from the template does not become `<*>` at once. The position
 * becomes a "split" position holding variants, each part of its own template, because two events
 * often differ in exactly one word (`start`/`end`). Variants sharing a key (`tty=ssh`/`tty=:0`)
 * form a family; a family with more than `maxSplitValues` members becomes one generalised variant
 * (`name=<*>,`), and a position with more than `maxSplitValues` families becomes a variable
 * (`root`/`guest`/`test` -> `<*>`; capitalised state names get two more). A line that differs from
 * a template in more than `maxWordDifferences` words is a different event.
 *
 * Three things keep this from depending on where a variable sits or in which order lines come:
 * - the first token is a position like any other: a line that its own bucket rejects may join a
 *   cluster of another bucket when the rest of the line names the same event (`chrome.exe - ...`,
 *   `Dropbox.exe - ...`);
 * - after a cluster generalises, clusters it would now accept whole join it (they split off
 *   because two of the event's positions varied in one line);
 * - a quoted or bracketed variable (`"<*>"`, `tag="<*>",`) also takes values with spaces, which
 *   give lines of other lengths (see span-join.ts).
 */
import { WILDCARD } from '../mask/token-masker.js';
import { Cluster, coveringVariant } from './cluster.js';
import { isEnclosedVariable, joinSpan, MAX_SPAN_EXTRA } from './span-join.js';
import { generalizeToken, sharedKeyPrefix, tokenCovers } from './token-generalize.js';

/** Tuning of the tree; the defaults in `config.ts` are one setting for all log sources. */
export interface TreeOptions {
  /** Minimum share of identical tokens for a line to join a cluster. */
  similarity: number;
  /** Distinct words (or values of one key) a position holds before it becomes a variable. */
  maxSplitValues: number;
  /** Word differences allowed between a line and a template. */
  maxWordDifferences: number;
}

/** Bucket key of a masked line: token count and first token (`<*>` when it holds a variable). */
export function bucketKey(tokens: readonly string[]): string {
  const first = tokens[0] ?? '';
  const head = first.indexOf(WILDCARD) >= 0 ? WILDCARD : first;
  return `${tokens.length} ${head}`;
}

/**
 * True when two tokens differ as words (`start`/`end`, `(uid=0)`/`LOGIN(uid=0)`) rather than as
 * values behind a shared key (`tty=ssh`/`tty=:0`, `name=a,`/`name=b,`).
 */
export function isWordDifference(a: string, b: string): boolean {
  if (b === WILDCARD || tokenCovers(a, b)) return false;
  return sharedKeyPrefix(a, b) === 0;
}

/**
 * Identical words (outside position 0) a line must share with a cluster of another bucket to join
 * it with a different first word. Program names in front of the event (`chrome.exe - <*> open
 * through proxy <*> HTTPS`) leave five or more; kernel boot lines that name their subject first
 * (`Inode-cache hash table entries: <*> (order: <*>, <*> bytes)`, four words with 4, five with 5 on
 * Loghub Linux) are the cost on the other side: 5 keeps the Loghub-2k average unchanged.
 */
const MIN_SHARED_WORDS = 5;

/** A number behind a `*` sigil, as masked (`*64` after a program name). */
const MARKER = `*${WILDCARD}`;

/**
 * `tokens` (one longer than `c`) with the first value and marker pair (`chrome.exe *<*>`) joined
 * where `c` has a plain variable, or null.
 */
function alignMarker(c: Cluster, tokens: readonly string[]): string[] | null {
  for (let p = 0; p + 1 < tokens.length; p++) {
    if (tokens[p + 1] !== MARKER || c.tokens[p] !== WILDCARD || c.splits?.has(p)) continue;
    const line = tokens.slice(0, p);
    line.push(`${tokens[p]!} ${MARKER}`);
    for (let i = p + 2; i < tokens.length; i++) line.push(tokens[i]!);
    return line;
  }
  return null;
}

/**
 * Identical words a line from another bucket must share with a cluster whose first token differs:
 * {@link MIN_SHARED_WORDS}, or one when both first tokens are enclosed words (`(root) CMD (...)` /
 * `(ops) CMD (...)`), which are values (see `isEnclosedWord`), not names of the event.
 */
function sharedWordsAcross(a: string, b: string): number {
  // `b` is the line's first token, the same for every cluster a line is compared with: classified
  // once, so that most lines (neither kind) cost one comparison per cluster.
  if (b !== lastFirst) {
    lastFirst = b;
    lastKind = isEnclosedWord(b) ? FIRST_ENCLOSED : isProgramFile(b) ? FIRST_PROGRAM : 0;
  }
  if (lastKind === FIRST_ENCLOSED && a[0] === b[0] && isEnclosedWord(a)) return 1;
  if (lastKind === FIRST_PROGRAM && isProgramFile(a)) return MIN_SHARED_WORDS_PROGRAM;
  return MIN_SHARED_WORDS;
}

const FIRST_ENCLOSED = 1;
const FIRST_PROGRAM = 2;
// The last first token classified by `sharedWordsAcross` (single-threaded scratch).
let lastFirst = '';
let lastKind = 0;

/**
 * Identical words a line needs across buckets when both first tokens are program files
 * (`chrome.exe - <*> open directly`, `Teams.exe - ...`): the program is a value in front of the
 * event, as on the longer lines of {@link MIN_SHARED_WORDS}; two words still tell events apart.
 */
const MIN_SHARED_WORDS_PROGRAM = 2;

/**
 * A file name with a short extension of letters (`chrome.exe`, `OUTLOOK.EXE`, `run.sh`): a name
 * part, one dot, two to four letters. Daemon names (`cupsd`, `rpc.statd`) and words are not.
 */
function isProgramFile(w: string): boolean {
  const dot = w.lastIndexOf('.');
  if (dot <= 0 || w.length - dot - 1 < 2 || w.length - dot - 1 > 4) return false;
  for (let i = dot + 1; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
  }
  for (let i = 0; i < dot; i++) if (!isWordChar(w.charCodeAt(i)) && w[i] !== '-') return false;
  return true;
}

/**
 * Distinct runs between shared anchors (over the sub-patterns of the clusters involved, the new
 * line's included) before the run is a span variable: as for words (`maxSplitValues`), two are two
 * events (`Failed password for <*>` / `Failed password for invalid user <*>`).
 */
const MIN_SPAN_RUNS = 3;
/** Clusters compared when looking for a span variable (bounds the work when a line is new). */
const MAX_SPAN_SCAN = 2048;
/** Candidates (clusters sharing anchors with the new line) weighed for one span variable. */
const MAX_SPAN_CANDIDATES = 64;
/** Identical literal words the anchors of a span variable must hold (prefix and suffix together). */
const MIN_SPAN_ANCHOR = 3;

/** Literal words (with a letter, no variable) among the `p` first and `s` last tokens of `x`. */
function anchorWords(x: readonly string[], p: number, s: number): number {
  let k = 0;
  for (let i = 0; i < p; i++) if (isLiteralWord(x[i]!)) k++;
  for (let i = x.length - s; i < x.length; i++) if (isLiteralWord(x[i]!)) k++;
  return k;
}

function isLiteralWord(t: string): boolean {
  return t.indexOf(WILDCARD) < 0 && /[A-Za-z]/.test(t);
}

/**
 * A run of several tokens of which a third or more are lower-case words (`disconnected by user`,
 * `No such file or directory`): a message in prose is the event's own text, not a value. Names
 * (`Print Spooler`, `G1 Young Generation`) and statements (`SELECT * FROM <*> WHERE id = <*>`) are
 * not prose.
 */
function isProse(run: string): boolean {
  if (run.indexOf(' ') < 0) return false;
  const words = run.split(' ');
  let prose = 0;
  for (const w of words) if (PROSE_WORD.test(w)) prose++;
  return prose * 3 >= words.length;
}

const PROSE_WORD = /^[a-z][a-z'-]*[.,;:!?)]*$/;

/** A run that may be one value: neither prose nor `key=value` fields. */
function isValueRun(run: string): boolean {
  return !isProse(run) && !hasKeyedValue(run);
}

/**
 * A run holding fields: `key=value` tokens (`flg=<*> cmp=<*> (has extras)`), `key: value` pairs
 * (`Seq: <*>, Ack: <*>`, `Local IP: <*>`) or variables separated by commas (`interval <*>,
 * retry_count <*>`). Their keys are part of the template, not one value: such runs after a shared
 * prefix are different events (`wl0: setup_keepalive: Seq: <*>, ...` / `... Local IP: <*>`).
 */
function hasKeyedValue(run: string): boolean {
  return run.indexOf(' ') >= 0 && (KEYED.test(run) || FIELDS.test(run));
}

const KEYED = /(^| )[{([]?[A-Za-z_][\w.-]*=/;
/** A `key:` word followed by a variable, or a variable followed by a comma and more. */
const FIELDS = /(^| )[A-Za-z_][\w-]*: <\*>|<\*>, /;

/** `tokens` with the run between `p` leading and `s` trailing tokens joined into one token. */
export function alignRun(tokens: readonly string[], p: number, s: number): string[] {
  const out = tokens.slice(0, p);
  out.push(tokens.slice(p, tokens.length - s).join(' '));
  for (let i = tokens.length - s; i < tokens.length; i++) out.push(tokens[i]!);
  return out;
}

// Results of `ClusterTree.score` (single-threaded scratch, so that scoring allocates nothing).
let scoreSame = 0;
let scoreParams = 0;
let scoreCovers = false;

/**
 * Extra distinct words a position holds before it becomes a variable when every one of them is
 * capitalised (`Started`/`Paused`/`Resumed`/`Stopped`, `LOOKING`/`LEADING`/`FOLLOWING`): such words
 * name states and events far more often than they are values (user and host names are lower case).
 * On Loghub-2k it keeps Zookeeper's election states apart (FTA +0.007 on average, nothing lost).
 */
const CAPITALISED_EXTRA = 2;

/**
 * A word starting with a capital letter, letters and underscores only (`Started`, `LOOKING`,
 * `NEW_SAVING`), with no capital after a lower-case letter: `CWNetworkProfile`,
 * `AMSupportURLSession` are class names, values as much as user names are.
 */
function isCapitalisedWord(w: string): boolean {
  const c = w.charCodeAt(0);
  if (c < 65 || c > 90) return false;
  let lower = false;
  for (let i = 1; i < w.length; i++) {
    const x = w.charCodeAt(i);
    if (x >= 97 && x <= 122) lower = true;
    else if (x >= 65 && x <= 90) {
      if (lower) return false;
    } else if (x === 95) lower = false;
    else return false;
  }
  return true;
}

/**
 * A single word in quotes, parentheses or brackets (`(root)`, `"config"`, `'US'.`): quoting marks a
 * value (a user, a volume, a country code); the words of the event stand bare.
 */
function isEnclosedWord(w: string): boolean {
  let e = w.length;
  while (e > 0 && TRAILING.indexOf(w[e - 1]!) >= 0) e--;
  if (e < 3) return false;
  const k = ENCLOSE_OPEN.indexOf(w[0]!);
  if (k < 0 || w[e - 1] !== ENCLOSE_CLOSE[k]) return false;
  for (let i = 1; i < e - 1; i++) if (!isWordChar(w.charCodeAt(i)) && w[i] !== '-') return false;
  return true;
}

const ENCLOSE_OPEN = '("\'[';
const ENCLOSE_CLOSE = ')"\']';
const TRAILING = ',.:;';

function allEnclosed(variants: Map<string, number>, b: string): boolean {
  if (!isEnclosedWord(b)) return false;
  for (const v of variants.keys()) if (!isEnclosedWord(v)) return false;
  return true;
}

function allCapitalised(variants: Map<string, number>, b: string): boolean {
  if (!isCapitalisedWord(b)) return false;
  for (const v of variants.keys()) if (!isCapitalisedWord(v)) return false;
  return true;
}

/**
 * Distinct words (families) position `variants` may hold, `b` arriving, before it becomes a variable:
 * `k`, two more for capitalised state names, and one when the words are names sharing a variable
 * part (`web-<*>` / `api-<*>`: two replica sets, not two events).
 */
function splitLimit(variants: Map<string, number>, b: string, k: number): number {
  if (allCapitalised(variants, b)) return k + CAPITALISED_EXTRA;
  for (const v of variants.keys()) if (!isNamedValue(v, b)) return k;
  return 1;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * True when `a` and `b` are one value with a different name part: both hold a `<*>` outside the part
 * where they differ, and that part is a word (`web-<*>` / `api-<*>`,
 * `<*>|com.tencent.mm|<*>` / `<*>|com.tencent.mobileqq|<*>`), not a key (`phoneId=<*>` / `retVal=<*>`).
 */
export function isNamedValue(a: string, b: string): boolean {
  if (a.indexOf(WILDCARD) < 0 || b.indexOf(WILDCARD) < 0) return false;
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  let j = 0;
  while (j < max - i && a.charCodeAt(a.length - 1 - j) === b.charCodeAt(b.length - 1 - j)) j++;
  // Widen the differing part to whole words.
  while (i > 0 && isWordChar(a.charCodeAt(i - 1))) i--;
  while (j > 0 && isWordChar(a.charCodeAt(a.length - j))) j--;
  for (const w of [a, b]) {
    for (let k = i; k < w.length - j; k++) if (!isWordChar(w.charCodeAt(k))) return false;
    if (w.length - j === i) return false;
  }
  // A name before `=`, `:` or a dot leader (`dcbf.........<*>`) is a key.
  const next = a.charCodeAt(a.length - j);
  if (next === 61 || next === 58 || next === 46) return false;
  return a.slice(0, i).indexOf(WILDCARD) >= 0 || a.slice(a.length - j).indexOf(WILDCARD) >= 0;
}

function countFamilies(variants: Map<string, number>): number {
  const reps: string[] = [];
  for (const v of variants.keys()) {
    if (!reps.some((r) => !isWordDifference(r, v) || !isWordDifference(v, r))) reps.push(v);
  }
  return reps.length;
}

export class ClusterTree {
  private readonly buckets = new Map<string, Cluster[]>();
  /** Set by `match`: the line's tokens aligned with the returned cluster after a span match. */
  private aligned: string[] | null = null;
  /** Clusters by token count, in creation order (for lines whose first token is new). */
  private readonly byLength = new Map<number, Cluster[]>();
  /**
   * Clusters with an enclosed variable in their skeleton (`"<*>"`), the only ones a span match can
   * use (it scans them instead of every shorter cluster).
   */
  private readonly withEnclosed = new Set<Cluster>();
  private nextSeq = 1;
  /** All live clusters in creation order. */
  readonly clusters = new Set<Cluster>();

  constructor(readonly options: TreeOptions) {}

  /**
   * The cluster a masked line would join, without changing anything. The line's own bucket (length
   * and first token) is searched first; only when nothing there accepts it are the other clusters of
   * its length tried, because the first token may itself be a variable (`chrome.exe - ...`,
   * `Dropbox.exe - ...`). There position 0 counts like any other position: a differing word uses up
   * the one allowed word difference and becomes a variant, and a third distinct word a variable.
   */
  match(tokens: readonly string[]): Cluster | null {
    this.aligned = null;
    const key = bucketKey(tokens);
    const own = this.buckets.get(key);
    if (own !== undefined) {
      const found = this.best(own, tokens, null);
      if (found !== null) return found;
    }
    const all = this.byLength.get(tokens.length);
    if (all !== undefined && (own === undefined || all.length !== own.length)) {
      const found = this.best(all, tokens, key);
      if (found !== null) return found;
    }
    return this.spanMatch(tokens) ?? this.markerMatch(tokens);
  }

  /**
   * A value followed by a marker (`chrome.exe *64`: a program and its 64-bit flag, masked `*<*>`)
   * where a cluster one token shorter has a variable at the value's position: the pair is that one
   * value (`<*> - <*> close, ...`), even when this program was never seen with the marker before.
   * Only tried for lines nothing else takes. Sets `aligned` when it finds one.
   */
  private markerMatch(tokens: readonly string[]): Cluster | null {
    const n = tokens.length;
    const list = this.byLength.get(n - 1);
    if (list === undefined) return null;
    for (let p = 0; p + 1 < n; p++) {
      if (tokens[p + 1] !== MARKER) continue;
      const line = tokens.slice(0, p);
      line.push(`${tokens[p]!} ${MARKER}`);
      for (let i = p + 2; i < n; i++) line.push(tokens[i]!);
      // The joined token may land the line in the `<*>` bucket itself: those clusters are its own.
      const key = bucketKey(line);
      const own: Cluster[] = [];
      const other: Cluster[] = [];
      for (const c of list) {
        if (c.tokens[p] !== WILDCARD || c.splits?.has(p)) continue;
        (c.bucket === key ? own : other).push(c);
      }
      const found = this.best(own, line, null) ?? this.best(other, line, key);
      if (found !== null) {
        this.aligned = line;
        return found;
      }
    }
    return null;
  }

  /**
   * The tokens of the line last passed to {@link match} as aligned with the cluster it returned:
   * the line itself, or (after a span match) with the run of tokens filling an enclosed variable
   * joined into one token.
   */
  alignedTokens(tokens: readonly string[]): readonly string[] {
    return this.aligned ?? tokens;
  }

  /**
   * A line that no cluster of its length accepts may hold a quoted or bracketed value with spaces
   * (`tag="View Lock",`, a user agent in `"<*>"`) where a shorter cluster has that value as one
   * enclosed variable: the run of tokens from the opening to the closing delimiter is joined and
   * scored in its place. Sets `aligned` when it finds one.
   */
  private spanMatch(tokens: readonly string[]): Cluster | null {
    const n = tokens.length;
    let best: Cluster | null = null;
    let bestTokens: string[] | null = null;
    let bestSim = -1;
    let bestParams = -1;
    let bestCovers = false;
    for (const c of this.withEnclosed) {
      const m = c.tokens.length;
      if (m >= n || n - m > MAX_SPAN_EXTRA) continue;
      const d = n - m;
      const at = c.enclosedPositions();
      for (let k = 0; k < at.length; k++) {
        const p = at[k]!;
        const joined = joinSpan(c.tokens[p]!, tokens, p, d);
        if (joined === null) continue;
        const line = tokens.slice(0, p);
        line.push(joined);
        for (let i = p + d + 1; i < n; i++) line.push(tokens[i]!);
        if (!this.score(c, line, bucketKey(line) !== c.bucket)) continue;
        const sim = scoreSame / m;
        if (bestCovers && !scoreCovers) continue;
        // Same preferences as `best`; the set is not in creation order, so ties go to the older
        // cluster explicitly (a restored snapshot must choose the same one).
        const tie = sim === bestSim && scoreParams === bestParams && scoreCovers === bestCovers;
        if (
          (scoreCovers && !bestCovers) ||
          sim > bestSim ||
          (sim === bestSim && scoreParams > bestParams) ||
          (tie && best !== null && c.seq < best.seq)
        ) {
          best = c;
          bestTokens = line;
          bestSim = sim;
          bestParams = scoreParams;
          bestCovers = scoreCovers;
        }
      }
    }
    if (best !== null && (bestCovers || bestSim >= this.options.similarity)) {
      this.aligned = bestTokens;
      return best;
    }
    return null;
  }

  /** The best cluster of `list` for a line (skipping clusters of bucket `skip`), or null. */
  private best(list: readonly Cluster[], tokens: readonly string[], skip: string | null): Cluster | null {
    let best: Cluster | null = null;
    let bestSim = -1;
    let bestParams = -1;
    let bestCovers = false;
    const n = tokens.length;
    for (let ci = 0; ci < list.length; ci++) {
      const c = list[ci]!;
      if (c.bucket === skip) continue;
      if (skip !== null && this.cannotJoinAcross(c, tokens)) continue;
      if (!this.score(c, tokens, skip !== null)) continue;
      const covers = scoreCovers;
      const sim = n === 0 ? 1 : scoreSame / n;
      // A cluster whose templates already cover the line wins over any that would have to change
      // (so a line keeps its pattern however the bucket grows); then the most similar; ties go to
      // the cluster with more variables (Drain), then to the older one.
      if (bestCovers && !covers) continue;
      if ((covers && !bestCovers) || sim > bestSim || (sim === bestSim && scoreParams > bestParams)) {
        best = c;
        bestSim = sim;
        bestParams = scoreParams;
        bestCovers = covers;
      }
    }
    if (best !== null && (bestCovers || bestSim >= this.options.similarity || n === 0)) return best;
    return null;
  }

  /**
   * Compares a line with a cluster; false when they differ in too many words. Otherwise the counts
   * are left in `scoreSame` (identical tokens), `scoreParams` (tokens taken by variables) and
   * `scoreCovers` (the cluster's templates cover the line as is). `crossBucket`: the line comes from
   * another bucket, so a different first word needs the rest of the line to name the event.
   */
  private score(c: Cluster, tokens: readonly string[], crossBucket: boolean): boolean {
    const maxWords = this.options.maxWordDifferences;
    const n = tokens.length;
    let same = 0;
    let params = 0;
    let words = 0;
    let covers = true;
    const t = c.tokens;
    const splits = c.splits;
    for (let i = 0; i < n && words <= maxWords; i++) {
      const a = t[i]!;
      const b = tokens[i]!;
      if (a === b) {
        if (a === WILDCARD) params++;
        else same++;
        continue;
      }
      if (a === WILDCARD) {
        params++;
        continue;
      }
      const variants = splits === null ? undefined : splits.get(i);
      if (variants !== undefined) {
        if (coveringVariant(variants, b) !== null) {
          same++;
          continue;
        }
        covers = false;
        let keyed = false;
        for (const v of variants.keys()) {
          if (!isWordDifference(v, b)) {
            keyed = true;
            break;
          }
        }
        if (!keyed) words++;
        continue;
      }
      if (tokenCovers(a, b)) {
        params++;
        continue;
      }
      covers = false;
      if (isWordDifference(a, b)) words++;
    }
    if (words > maxWords) return false;
    // With only a few shared words (`boot (command <*>)`, `cupsd startup succeeded`) a different
    // first word is the event's name, not a variable in front of it.
    if (crossBucket && n > 0 && !tokenCovers(t[0]!, tokens[0]!)) {
      const firstSame = t[0] === tokens[0] || (splits?.get(0)?.has(tokens[0]!) ?? false) ? 1 : 0;
      if (same - firstSame < sharedWordsAcross(t[0]!, tokens[0]!)) return false;
    }
    scoreSame = same;
    scoreParams = params;
    scoreCovers = covers;
    return true;
  }

  /**
   * Clusters that `c` would now accept whole (every template of theirs as a line, of the same
   * length or through an enclosed variable): after `c` generalised, the clusters of the same event
   * that split off earlier because two of its positions varied at once (`sshd ... root`, `login ...
   * oracle`) or because a value had spaces. Each comes with its templates aligned to `c`.
   */
  joinable(c: Cluster): [Cluster, (readonly string[])[]][] {
    const out: [Cluster, (readonly string[])[]][] = [];
    const m = c.tokens.length;
    const enclosed = c.enclosedPositions();
    // One longer for a value with a marker (`chrome.exe *<*>`, see `markerMatch`).
    for (let n = m; n <= m + (enclosed.length > 0 ? MAX_SPAN_EXTRA : 1); n++) {
      const list = this.byLength.get(n);
      if (list === undefined) continue;
      for (const d of list) {
        if (d === c || d.subs.size === 0) continue;
        const aligned: (readonly string[])[] = [];
        for (const sub of d.subs.values()) {
          let a = n === m ? sub.tokens : this.alignSpan(c, enclosed, sub.tokens);
          if (a === null && n === m + 1) a = alignMarker(c, sub.tokens);
          if (a === null || !this.accepts(c, a)) break;
          aligned.push(a);
        }
        if (aligned.length === d.subs.size) out.push([d, aligned]);
      }
    }
    return out;
  }

  /**
   * Cheap exact pre-check for a line from another bucket: true when even counting every split
   * position as shared, fewer than `MIN_SHARED_WORDS` words outside position 0 could be identical
   * (so `score` would reject it). Most clusters of a length fail here without the full comparison.
   */
  private cannotJoinAcross(c: Cluster, tokens: readonly string[]): boolean {
    const t = c.tokens;
    const n = tokens.length;
    const need = sharedWordsAcross(t[0]!, tokens[0]!);
    let possible = c.splits === null ? 0 : c.splits.size;
    for (let i = 1; i < n && possible < need; i++) {
      const a = t[i]!;
      if (a === tokens[i] && a !== WILDCARD) possible++;
    }
    return possible < need && !tokenCovers(t[0]!, tokens[0]!);
  }

  /** True when `c` would take the (aligned) line `tokens` as {@link match} would, on its own. */
  private accepts(c: Cluster, tokens: readonly string[]): boolean {
    const across = bucketKey(tokens) !== c.bucket;
    if (across && this.cannotJoinAcross(c, tokens)) return false;
    if (!this.score(c, tokens, across)) return false;
    const n = tokens.length;
    return scoreCovers || n === 0 || scoreSame / n >= this.options.similarity;
  }

  /** `tokens` with the run filling one of `c`'s enclosed variables joined (first that fits), or null. */
  private alignSpan(c: Cluster, enclosed: readonly number[], tokens: readonly string[]): string[] | null {
    const d = tokens.length - c.tokens.length;
    for (const p of enclosed) {
      const joined = joinSpan(c.tokens[p]!, tokens, p, d);
      if (joined === null) continue;
      const line = tokens.slice(0, p);
      line.push(joined);
      for (let i = p + d + 1; i < tokens.length; i++) line.push(tokens[i]!);
      return line;
    }
    return null;
  }

  /**
   * Learns the (aligned) templates of `d` into `c` as lines, weighted by their counts, and drops
   * `d`; the caller moves `d`'s sub-patterns.
   */
  join(c: Cluster, d: Cluster, aligned: readonly (readonly string[])[]): void {
    let subs = 0;
    let k = 0;
    for (const sub of d.subs.values()) {
      this.absorb(c, aligned[k++]!, sub.count);
      subs += sub.count;
    }
    // Lines counted in `d` beyond its sub-patterns (none in practice) still count.
    c.count += d.count - subs;
    this.rebucket(c);
    this.trackEnclosed(c);
    this.remove(d);
  }

  /**
   * Learns one masked line and returns its cluster. `changed` in the result is true when an existing
   * cluster's templates changed shape (a position generalised or gained a variant); `tokens` are the
   * line's tokens as aligned with the cluster (see {@link alignedTokens}).
   */
  learn(
    tokens: string[],
    weight = 1,
  ): { cluster: Cluster; created: boolean; changed: boolean; tokens: readonly string[] } {
    const found = this.match(tokens);
    if (found !== null) {
      const before = found.version;
      const aligned = this.alignedTokens(tokens);
      this.absorb(found, aligned, weight);
      this.rebucket(found);
      if (found.version !== before) this.trackEnclosed(found);
      return { cluster: found, created: false, changed: found.version !== before, tokens: aligned };
    }
    const c = this.create(tokens);
    c.count = weight;
    return { cluster: c, created: true, changed: false, tokens };
  }

  /**
   * Counts a line already covered by `c` (a cache hit): the counts change, the templates do not.
   */
  touch(c: Cluster, tokens: readonly string[], weight: number): void {
    c.count += weight;
    const splits = c.splits;
    if (splits === null) return;
    for (const [p, variants] of splits) {
      const v = coveringVariant(variants, tokens[p]!);
      if (v !== null) variants.set(v, variants.get(v)! + weight);
    }
  }

  /** Turns split position `p` of `c` into a variable (cap on patterns per cluster). */
  forceVariable(c: Cluster, p: number): void {
    if (c.splits?.has(p)) {
      c.version++;
      this.makeVariable(c, p, WILDCARD);
      this.rebucket(c);
      this.trackEnclosed(c);
    }
  }

  /** Adds a new cluster for `tokens` (used by learning and by snapshot restore). */
  create(tokens: string[], seq?: number): Cluster {
    const key = bucketKey(tokens);
    const c = new Cluster(seq ?? this.nextSeq, tokens.slice(), key);
    this.nextSeq = Math.max(this.nextSeq, c.seq) + 1;
    let list = this.buckets.get(key);
    if (!list) {
      list = [];
      this.buckets.set(key, list);
    }
    list.push(c);
    let same = this.byLength.get(tokens.length);
    if (!same) {
      same = [];
      this.byLength.set(tokens.length, same);
    }
    same.push(c);
    this.clusters.add(c);
    this.trackEnclosed(c);
    return c;
  }

  /** Sets the span variables of `c` (snapshot restore, merge). */
  setSpans(c: Cluster, spans: number[]): void {
    c.spans = spans.length > 0 ? spans : null;
    c.version++;
    this.trackEnclosed(c);
  }

  /** Removes a cluster (eviction). */
  remove(c: Cluster): void {
    this.unlist(this.buckets, c.bucket, c);
    this.unlist(this.byLength, c.tokens.length, c);
    this.withEnclosed.delete(c);
    this.clusters.delete(c);
    c.alive = false;
  }

  /** Keeps `withEnclosed` in step with a cluster whose skeleton may have changed. */
  private trackEnclosed(c: Cluster): void {
    let any = c.spans !== null;
    for (const t of c.tokens) {
      if (isEnclosedVariable(t)) {
        any = true;
        break;
      }
    }
    if (any) this.withEnclosed.add(c);
    else this.withEnclosed.delete(c);
  }

  private unlist<K>(map: Map<K, Cluster[]>, key: K, c: Cluster): void {
    const list = map.get(key);
    if (!list) return;
    const i = list.indexOf(c);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) map.delete(key);
  }

  /**
   * Moves a cluster whose first template token changed (it became a variable) to the bucket of its
   * new skeleton, in creation order, so that a restored snapshot (bucketed from the skeleton) finds
   * the same candidates in the same order.
   */
  private rebucket(c: Cluster): void {
    const key = bucketKey(c.tokens);
    if (key === c.bucket) return;
    this.unlist(this.buckets, c.bucket, c);
    c.bucket = key;
    let list = this.buckets.get(key);
    if (!list) {
      list = [];
      this.buckets.set(key, list);
    }
    let at = list.length;
    while (at > 0 && list[at - 1]!.seq > c.seq) at--;
    list.splice(at, 0, c);
  }

  get size(): number {
    return this.clusters.size;
  }

  /**
   * Looks for a variable with spaces that no delimiter encloses, after `c` was created for a line:
   * clusters of other lengths (or of the same length, differing in more than one word) that share a
   * long prefix and suffix with it and differ only in the run between them (`The Print Spooler
   * service entered the <*> state.`, `The Spooler service ...`, `The Windows Update service ...`).
   * As a word position becomes a variable after `maxSplitValues` distinct words, the run becomes a
   * span variable when at least {@link MIN_SPAN_MEMBERS} clusters (the new one included) with runs
   * of at least two different lengths share the anchors; two of them are two events (`Failed
   * password for <*>` / `Failed password for invalid user <*>`). Only clusters of `c`'s bucket head
   * are searched (the prefix includes the first token), within {@link MAX_SPAN_EXTRA} tokens of its
   * length. Returns the anchors (`p` tokens before the run, `s` after) and the other clusters.
   */
  findSpanGroup(c: Cluster): { p: number; s: number; members: Cluster[] } | null {
    const x = c.tokens;
    const n = x.length;
    if (n < 2) return null;
    const head = c.bucket.slice(c.bucket.indexOf(' ') + 1);
    const cands: { y: Cluster; p: number; s: number }[] = [];
    let scanned = 0;
    // Lengths nearest to the line's first; at most MAX_SPAN_SCAN clusters (a bound for huge buckets).
    for (let d = 0; d <= 2 * MAX_SPAN_EXTRA && scanned < MAX_SPAN_SCAN; d++) {
      const len = d % 2 === 0 ? n + d / 2 : n - (d + 1) / 2;
      if (len < 2) continue;
      const list = this.buckets.get(`${len} ${head}`);
      if (list === undefined) continue;
      for (const y of list) {
        if (++scanned > MAX_SPAN_SCAN) break;
        if (y === c || y.spans !== null || y.subs.size === 0) continue;
        const a = this.spanAnchors(x, y);
        // Anchors only shrink when shared with more clusters: too few words now is too few later.
        if (a !== null && anchorWords(x, a[0], a[1]) >= MIN_SPAN_ANCHOR) cands.push({ y, p: a[0], s: a[1] });
      }
    }
    // Runs of two lengths at least: a candidate of another length is needed.
    if (!cands.some((k) => k.y.tokens.length !== n)) return null;
    if (cands.length > MAX_SPAN_CANDIDATES) {
      // Bounded work per new cluster: the candidates with the longest anchors (stable: older first).
      cands.sort((u, v) => v.p + v.s - (u.p + u.s));
      cands.length = MAX_SPAN_CANDIDATES;
    }
    // Anchors to try: each candidate's own and the meeting points of pairs, most specific first
    // (longest, then the longer prefix); the first with enough distinct runs wins.
    const own = new Map<number, [number, number]>();
    for (const k of cands) own.set(k.p * (n + 1) + k.s, [k.p, k.s]);
    const choices = new Map(own);
    const pairs = [...own.values()];
    for (let i = 0; i < pairs.length; i++) {
      for (let j = i + 1; j < pairs.length; j++) {
        const p = Math.min(pairs[i]![0], pairs[j]![0]);
        const s = Math.min(pairs[i]![1], pairs[j]![1]);
        choices.set(p * (n + 1) + s, [p, s]);
      }
    }
    const order = [...choices.values()].sort((u, v) => v[0] + v[1] - (u[0] + u[1]) || v[0] - u[0]);
    for (const [p, s] of order) {
      if (anchorWords(x, p, s) < MIN_SPAN_ANCHOR) continue;
      const members: Cluster[] = [];
      const lengths = new Set<number>([n - p - s]);
      for (const k of cands) {
        if (k.p < p || k.s < s) continue;
        members.push(k.y);
        lengths.add(k.y.tokens.length - p - s);
      }
      if (lengths.size < 2) continue;
      // A run at the end (or the start) of the line is often a message of its own (`Bye Bye`,
      // `Closed due to user request.`, `disconnected by user`): one more distinct run is required.
      const need = MIN_SPAN_RUNS + (s === 0 || p === 0 ? 1 : 0);
      let most = 1;
      for (const y of members) most += y.subs.size;
      if (most < need) continue;
      // Cheapest checks first: the new line's own run, then the others.
      const own = alignRun(x, p, s)[p]!;
      if (!isValueRun(own)) continue;
      const runs = new Set<string>([own]);
      let values = true;
      for (const y of members) {
        for (const sub of y.subs.values()) {
          const r = alignRun(sub.tokens, p, s)[p]!;
          if (runs.has(r)) continue;
          if (!isValueRun(r)) {
            values = false;
            break;
          }
          runs.add(r);
        }
        if (!values) break;
      }
      if (values && runs.size >= need) return { p, s, members };
    }
    return null;
  }

  /**
   * The longest anchors `[p, s]` of line `x` and cluster `y`: `p` leading and `s` trailing positions
   * where they agree (identical, covered by a variable or a variant, values of one key), leaving a
   * non-empty run between them in both; the prefix is taken first. Null when there are none.
   */
  private spanAnchors(x: readonly string[], y: Cluster): [number, number] | null {
    const n = x.length;
    const m = y.tokens.length;
    const k = Math.min(n, m) - 1;
    let p = 0;
    while (p < k && this.agrees(y, p, x[p]!)) p++;
    let s = 0;
    while (p + s < k && this.agrees(y, m - 1 - s, x[n - 1 - s]!)) s++;
    return p + s === 0 ? null : [p, s];
  }

  /** True when line token `b` agrees with position `i` of `y` (not a word difference). */
  private agrees(y: Cluster, i: number, b: string): boolean {
    const a = y.tokens[i]!;
    if (a === b || a === WILDCARD || b === WILDCARD) return true;
    const variants = y.splits === null ? undefined : y.splits.get(i);
    if (variants !== undefined) {
      for (const v of variants.keys()) if (!isWordDifference(v, b)) return true;
      return false;
    }
    return !isWordDifference(a, b);
  }

  /**
   * Turns `c` (a cluster without sub-patterns yet, just created for a line) into the span cluster
   * of {@link findSpanGroup}'s anchors: its `p` leading tokens, one span variable, its `s` trailing
   * tokens. Returns the line's tokens aligned with it.
   */
  makeSpan(c: Cluster, p: number, s: number): string[] {
    const x = c.tokens;
    const aligned = alignRun(x, p, s);
    const t = x.slice(0, p);
    t.push(WILDCARD);
    for (let i = x.length - s; i < x.length; i++) t.push(x[i]!);
    this.unlist(this.byLength, x.length, c);
    c.tokens = t;
    c.spans = [p];
    c.splits = null;
    c.version++;
    let same = this.byLength.get(t.length);
    if (!same) {
      same = [];
      this.byLength.set(t.length, same);
    }
    let at = same.length;
    while (at > 0 && same[at - 1]!.seq > c.seq) at--;
    same.splice(at, 0, c);
    this.unlist(this.buckets, c.bucket, c);
    c.bucket = '';
    this.rebucket(c);
    this.trackEnclosed(c);
    return aligned;
  }

  private absorb(c: Cluster, tokens: readonly string[], weight: number): void {
    const t = c.tokens;
    for (let i = 0; i < t.length; i++) {
      const a = t[i]!;
      const b = tokens[i]!;
      const variants = c.splits === null ? undefined : c.splits.get(i);
      if (variants !== undefined) {
        this.addVariant(c, i, variants, b, weight);
        continue;
      }
      if (a === b || a === WILDCARD) continue;
      if (b === WILDCARD || tokenCovers(a, b)) {
        this.setToken(c, i, generalizeToken(a, b));
        continue;
      }
      if (a.indexOf(WILDCARD) >= 0 && !isWordDifference(a, b)) {
        // A partly variable token meeting another value of the same key: widen it.
        this.setToken(c, i, generalizeToken(a, b));
        continue;
      }
      // A different word or value at a literal position: both become variants.
      let splits = c.splits;
      if (splits === null) {
        splits = new Map();
        c.splits = splits;
      }
      const fresh = new Map([[a, c.count]]);
      splits.set(i, fresh);
      c.version++;
      this.addVariant(c, i, fresh, b, weight);
    }
    c.count += weight;
  }

  private setToken(c: Cluster, i: number, token: string): void {
    if (c.tokens[i] !== token) {
      c.tokens[i] = token;
      c.version++;
    }
  }

  private addVariant(c: Cluster, i: number, variants: Map<string, number>, b: string, weight: number): void {
    const hit = coveringVariant(variants, b);
    if (hit !== null) {
      variants.set(hit, variants.get(hit)! + weight);
      return;
    }
    c.version++;
    if (b === WILDCARD) {
      this.makeVariable(c, i, b);
      return;
    }
    const k = this.options.maxSplitValues;
    // The family of b: variants sharing a key prefix with it.
    const family: string[] = [];
    for (const v of variants.keys()) if (!isWordDifference(v, b)) family.push(v);
    if (family.length > 0) {
      // Enclosed words (`(root)` / `(ops)`, `"config"` / `"settings"`) are values from the second one.
      if (family.length + 1 > (allEnclosed(variants, b) ? 1 : k)) {
        let g = b;
        let n = weight;
        for (const v of family) {
          g = generalizeToken(v, g);
          n += variants.get(v)!;
          variants.delete(v);
        }
        variants.set(g, (variants.get(g) ?? 0) + n);
      } else {
        variants.set(b, weight);
      }
    } else if (countFamilies(variants) + 1 > splitLimit(variants, b, k)) {
      this.makeVariable(c, i, b);
      return;
    } else {
      variants.set(b, weight);
    }
    if (variants.size === 1) {
      // Everything folded into one variant: the position is an ordinary template token again.
      c.tokens[i] = variants.keys().next().value as string;
      this.dropSplit(c, i);
    }
  }

  private makeVariable(c: Cluster, i: number, extra: string): void {
    const variants = c.splits === null ? undefined : c.splits.get(i);
    let g = c.tokens[i]!;
    if (variants !== undefined) for (const v of variants.keys()) g = generalizeToken(g, v);
    c.tokens[i] = generalizeToken(g, extra);
    if (variants !== undefined) this.dropSplit(c, i);
  }

  private dropSplit(c: Cluster, i: number): void {
    c.splits!.delete(i);
    if (c.splits!.size === 0) c.splits = null;
  }
}
