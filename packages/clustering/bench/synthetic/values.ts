/**
 * Seeded generators of realistic variable values for the synthetic labelled suite: program and host
 * names, addresses, ids, paths, sizes, durations. Each generator takes the suite's PRNG so that one
 * seed always gives the same lines.
 */

/** A PRNG returning floats in [0, 1). */
export type Rand = () => number;

/** A value generator. */
export type Gen = (r: Rand) => string;

export const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
export const pick = <T>(r: Rand, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

/** A generator that picks one of `list`. */
export const one =
  (...list: string[]): Gen =>
  (r: Rand) =>
    pick(r, list);
/** `n` zero-padded to `w` digits. */
export const pad = (n: number, w: number): string => String(n).padStart(w, '0');
/** A decimal in [0, max) with `places` decimals. */
export const dec = (r: Rand, max: number, places: number): string => (r() * max).toFixed(places);

/** Picks from `list` with a skew towards its first entries (a few values dominate, as in real logs). */
export const skewed = <T>(r: Rand, list: readonly T[]): T => list[Math.floor(r() ** 2 * list.length)]!;

export const hex = (r: Rand, n: number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(r() * 16)];
  return s;
};

export const digits = (r: Rand, n: number): string => {
  let s = String(int(r, 1, 9));
  for (let i = 1; i < n; i++) s += String(int(r, 0, 9));
  return s;
};

export const uuid = (r: Rand): string => `${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}`;
export const ip = (r: Rand): string => `10.${int(r, 0, 255)}.${int(r, 0, 255)}.${int(r, 1, 254)}`;
export const publicIp = (r: Rand): string =>
  `${pick(r, [23, 52, 104, 142, 157, 172, 185, 203])}.${int(r, 0, 255)}.${int(r, 0, 255)}.${int(r, 1, 254)}`;
export const port = (r: Rand): string => String(int(r, 1024, 65535));
export const pid = (r: Rand): string => String(int(r, 2, 32000));
export const small = (r: Rand): string => String(int(r, 0, 9));
export const count = (r: Rand): string => String(int(r, 0, 99999));
export const float = (r: Rand): string => (r() * 100).toFixed(int(r, 3, 7));
export const mac = (r: Rand): string => Array.from({ length: 6 }, () => hex(r, 2)).join(':');
export const hex0x = (r: Rand): string => `0x${hex(r, int(r, 1, 8))}`;

/** A thousands-grouped byte count, as Windows tools print it (`1,110`, `48,213`, `912`). */
export const groupedCount = (r: Rand): string => {
  const n = int(r, 0, r() < 0.5 ? 999 : 2_000_000);
  return n.toLocaleString('en-US');
};

/** A size with a separate unit (`1.08 KB`, `2.50 MB`). */
export const size = (r: Rand): string =>
  `${(r() * 1000).toFixed(int(r, 1, 2))} ${pick(r, ['B', 'KB', 'KB', 'MB', 'GB'])}`;

/** A connection lifetime as Proxifier prints it: a bound (`<1 sec`) or a clock (`00:01`, `01:02:03`). */
export const lifetime = (r: Rand): string => {
  const x = r();
  if (x < 0.35) return '<1 sec';
  const two = (n: number) => String(n).padStart(2, '0');
  if (x < 0.9) return `${two(int(r, 0, 59))}:${two(int(r, 0, 59))}`;
  return `${two(int(r, 1, 23))}:${two(int(r, 0, 59))}:${two(int(r, 0, 59))}`;
};

const PROGRAMS = [
  'chrome.exe',
  'firefox.exe',
  'Dropbox.exe',
  'svchost.exe',
  'OUTLOOK.EXE',
  'Skype.exe',
  'WeChat.exe',
  'QQ.exe',
  'iexplore.exe',
  'git-remote-https.exe',
  'Teams.exe',
  'Code.exe',
  'slack.exe',
  'putty.exe',
  'WINWORD.EXE',
  'explorer.exe',
  'steam.exe',
  'Spotify.exe',
  'Zoom.exe',
  'java.exe',
  'python.exe',
  'OneDrive.exe',
  'msedge.exe',
  'curl.exe',
];

/** A Windows program name; a few are 64-bit processes written `name.exe *64` (two tokens). */
export const program = (r: Rand): string => {
  const p = skewed(r, PROGRAMS);
  return r() < 0.04 ? `${p} *64` : p;
};

const DESTS = [
  'www.google.com',
  'clients4.google.com',
  'api.dropboxapi.com',
  'outlook.office365.com',
  'login.microsoftonline.com',
  'github.com',
  'update.example-cdn.net',
  'mtalk.google.com',
  'weixin.qq.com',
  'd3c33hcgiwev3.cloudfront.net',
];

/** A destination `host:port` or `ip:port`. */
export const destination = (r: Rand): string =>
  r() < 0.3
    ? `${publicIp(r)}:${pick(r, ['80', '443', '8080'])}`
    : `${pick(r, DESTS)}:${pick(r, ['443', '443', '80'])}`;

/** The proxy server (a handful per site). */
export const proxy = (r: Rand): string =>
  pick(r, [
    'proxy.cse.example.edu:5070',
    'proxy.cse.example.edu:5070',
    'socks.example.edu:1080',
    '10.0.1.5:3128',
  ]);

/** Host names of an HPC cluster: mostly letters with few digits (`dn228`, `bn1`, `ladmin2`, `tbird-sm1`). */
export const clusterHost = (r: Rand): string =>
  pick(r, [
    `dn${int(r, 1, 999)}`,
    `bn${int(r, 1, 9)}`,
    `ladmin${int(r, 1, 2)}`,
    `tbird-sm${int(r, 1, 4)}`,
    `en${int(r, 1, 300)}`,
    'tbird-admin1',
    'src',
  ]);

export const userName = (r: Rand): string =>
  skewed(r, ['root', 'admin', 'oracle', 'test', 'guest', 'jdoe', 'nagios', 'postgres', 'ubuntu', 'www-data']);

/** A UTC clock time `hh:mm:ss`. */
export const clock = (r: Rand): string =>
  [int(r, 0, 23), int(r, 0, 59), int(r, 0, 59)].map((n) => String(n).padStart(2, '0')).join(':');

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Common Log Format time (`10/Oct/2023:13:55:36 +0000`). */
export const clfTime = (r: Rand): string =>
  `${String(int(r, 1, 28)).padStart(2, '0')}/${pick(r, MONTHS)}/2023:${clock(r)} ${pick(r, ['+0000', '-0700', '+0800'])}`;

/** `yyyy/mm/dd hh:mm:ss` (nginx error log). */
export const slashDateTime = (r: Rand): string =>
  `2023/${String(int(r, 1, 12)).padStart(2, '0')}/${String(int(r, 1, 28)).padStart(2, '0')} ${clock(r)}`;

/** A URL path with ids in it. */
export const apiPath = (r: Rand): string =>
  pick(r, [
    `/api/orders/${int(r, 1, 99999)}`,
    `/api/users/${int(r, 1, 9999)}/profile`,
    `/static/js/app.${hex(r, 8)}.js`,
    `/images/${pick(r, ['logo', 'banner', 'avatar'])}-${int(r, 1, 40)}.png`,
    `/index.html`,
    `/search?q=${pick(r, ['shoes', 'laptop', 'tea'])}&page=${int(r, 1, 9)}`,
  ]);

/** Browser user agents: one variable of varying token count. */
export const userAgent = (r: Rand): string =>
  skewed(r, [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15',
    'curl/7.88.1',
    'Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/118.0',
    'kube-probe/1.27',
    'Go-http-client/1.1',
  ]);
