/**
 * Seeded generator of a synthetic log corpus: a few thousand templates built from a log vocabulary,
 * with realistic variable values (ids, IPs and ports, paths, URLs, durations, sizes, user names,
 * hex, UUIDs, timestamps, key=value pairs), template frequencies following a Zipf law. The same seed
 * always yields the same lines, so runs are comparable and Drain3 can read the very same input.
 */

/** Small, fast, seeded PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'request response connection session user client server worker thread task job queue cache ' +
  'block file disk volume node cluster replica leader follower shard index table row column ' +
  'transaction commit rollback checkpoint snapshot segment partition offset consumer producer ' +
  'message event handler listener service endpoint route gateway proxy socket channel stream ' +
  'buffer packet frame header payload token credential certificate key lock lease heartbeat ' +
  'timeout retry backoff error warning failure exception success ready started stopped finished ' +
  'created deleted updated loaded saved sent received opened closed accepted rejected dropped ' +
  'scheduled assigned released acquired registered unregistered mounted unmounted allocated freed ' +
  'flushed compacted merged split evicted expired renewed invalid missing unknown pending running ' +
  'failed completed aborted skipped ignored blocked throttled degraded healthy unhealthy for from ' +
  'to on in at with by of after before during while is was has not no the a new old current next ' +
  'previous total max min average memory cpu network storage config policy rule quota limit rate'
).split(/\s+/);

const USERS =
  'root admin alice bob carol dave erin frank grace heidi ivan judy mallory nobody oscar peggy'.split(' ');
const HOSTS = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike'.split(' ');
const KEYS = 'id uid pid tid status code size count retries attempt port level mode state'.split(' ');
const UNITS = ['ms', 's', 'us'];

type Slot = (r: () => number) => string;

const int = (r: () => number, max: number) => Math.floor(r() * max);
const hex = (r: () => number, n: number) => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[int(r, 16)];
  return s;
};
const ip = (r: () => number) => `10.${int(r, 256)}.${int(r, 256)}.${int(r, 256)}`;

/** Variable kinds; each template slot draws one. */
const SLOTS: Slot[] = [
  (r) => String(int(r, 100000)),
  (r) => String(int(r, 10)),
  (r) => (r() * 1000).toFixed(3),
  (r) => ip(r),
  (r) => `${ip(r)}:${1024 + int(r, 60000)}`,
  (r) => `/${ip(r)}:${1024 + int(r, 60000)}`,
  (r) => `0x${hex(r, 8)}`,
  (r) => hex(r, 16),
  (r) => `${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}`,
  (r) => `/var/lib/${WORDS[int(r, WORDS.length)]}/${hex(r, 6)}.dat`,
  (r) =>
    `https://${HOSTS[int(r, HOSTS.length)]}.example.com/api/v1/${WORDS[int(r, WORDS.length)]}/${int(r, 9999)}`,
  (r) => `${int(r, 5000)}${UNITS[int(r, UNITS.length)]}`,
  (r) => `${(r() * 900).toFixed(1)} KB`,
  (r) => USERS[int(r, USERS.length)]!,
  (r) => `${HOSTS[int(r, HOSTS.length)]}-${int(r, 40)}.dc1.example.com`,
  (r) => `blk_${int(r, 1e9)}${int(r, 1e9)}`,
  (r) => `job_${1500000000 + int(r, 1e8)}_${String(int(r, 10000)).padStart(4, '0')}`,
  (r) =>
    `2024-0${1 + int(r, 9)}-1${int(r, 10)} 1${int(r, 10)}:${10 + int(r, 50)}:${10 + int(r, 50)},${100 + int(r, 900)}`,
  (r) => `${['true', 'false'][int(r, 2)]}`,
];

/** One template: tokens, each a literal word or a slot (optionally behind `key=`). */
export interface GeneratedTemplate {
  /** Literal text of each token; for a slot, its `key=` prefix (possibly empty). */
  words: string[];
  /** Slot kind per token, or -1 for a literal word. */
  slots: number[];
  template: string;
}

function makeTemplate(r: () => number): GeneratedTemplate {
  const n = 3 + int(r, 12);
  const nSlots = Math.min(n - 1, 1 + int(r, 4));
  const words: string[] = [];
  const slots: number[] = [];
  const positions = new Set<number>();
  while (positions.size < nSlots) positions.add(int(r, n));
  for (let i = 0; i < n; i++) {
    if (positions.has(i)) {
      // Some slots are key=value pairs, as in real logs.
      words.push(r() < 0.3 ? `${KEYS[int(r, KEYS.length)]}=` : '');
      slots.push(int(r, SLOTS.length));
    } else {
      words.push(WORDS[int(r, WORDS.length)]!);
      slots.push(-1);
    }
  }
  const template = words.map((w, i) => (slots[i]! >= 0 ? `${w}<*>` : w)).join(' ');
  return { words, slots, template };
}

/** A corpus generator with `templates` templates; `next()` yields lines forever. */
export class Corpus {
  readonly templates: GeneratedTemplate[] = [];
  private readonly cumulative: number[] = [];
  private readonly r: () => number;

  constructor(seed: number, templates: number) {
    this.r = rng(seed);
    const seen = new Set<string>();
    while (this.templates.length < templates) {
      const t = makeTemplate(this.r);
      if (seen.has(t.template)) continue;
      seen.add(t.template);
      this.templates.push(t);
    }
    // Zipf (s = 1.1) frequencies: a few templates dominate, most are rare.
    let acc = 0;
    for (let i = 0; i < templates; i++) {
      acc += 1 / (i + 1) ** 1.1;
      this.cumulative.push(acc);
    }
  }

  /** Index of the next template (Zipf-distributed). */
  pick(): number {
    const total = this.cumulative[this.cumulative.length - 1]!;
    const x = this.r() * total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Renders one line of template `i`. */
  render(i: number): string {
    const t = this.templates[i]!;
    let s = '';
    for (let k = 0; k < t.words.length; k++) {
      if (k > 0) s += ' ';
      const slot = t.slots[k]!;
      s += slot >= 0 ? t.words[k]! + SLOTS[slot]!(this.r) : t.words[k]!;
    }
    return s;
  }

  /** Fills `out` with the next lines (and their template indexes into `ids` when given). */
  fill(out: string[], ids?: number[]): void {
    for (let i = 0; i < out.length; i++) {
      const t = this.pick();
      out[i] = this.render(t);
      if (ids) ids[i] = t;
    }
  }
}
