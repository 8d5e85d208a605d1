/**
 * Held-out styles of the synthetic suite: written after the clustering changes they measure were
 * frozen, and never tuned against, so that their numbers say something about logs the core has not
 * been adjusted to. Same conventions as systems.ts.
 */
import { ev, type SystemSpec } from './systems.js';
import { count, digits, hex, int, ip, one, pick, port, type Rand, small, userName } from './values.js';

const POD = (r: Rand) => `${pick(r, ['web', 'api', 'worker', 'cache'])}-${hex(r, 9)}-${hex(r, 5)}`;
const NODE = (r: Rand) => `node-${int(r, 1, 12)}`;
const IMAGE = (r: Rand) =>
  pick(r, ['nginx:1.25', 'busybox:1.36', 'redis:7.2', 'registry.example.com/app:2.4.1']);
const CONTAINER = one('app', 'sidecar', 'init-db', 'proxy');

const k8sSystem: SystemSpec = {
  name: 'KubeEvents',
  about: 'Kubernetes events and kubelet messages (held out)',
  events: [
    ev(10, 'Successfully assigned default/<*> to <*>', POD, NODE),
    ev(8, 'Pulling image "<*>"', IMAGE),
    ev(
      8,
      'Successfully pulled image "<*>" in <*> (<*> including waiting)',
      IMAGE,
      (r) => `${(r() * 9).toFixed(3)}s`,
      (r) => `${(r() * 9).toFixed(3)}s`,
    ),
    ev(6, 'Container image "<*>" already present on machine', IMAGE),
    ev(10, 'Created container <*>', CONTAINER),
    ev(10, 'Started container <*>', CONTAINER),
    ev(4, 'Stopping container <*>', CONTAINER),
    ev(
      5,
      'Back-off restarting failed container <*> in pod <*>_default(<*>)',
      CONTAINER,
      POD,
      (r) => `${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}`,
    ),
    ev(5, 'Liveness probe failed: HTTP probe failed with statuscode: <*>', one('500', '503')),
    ev(
      5,
      'Readiness probe failed: Get "<*>": dial tcp <*>: connect: connection refused',
      (r) => `http://${ip(r)}:8080/healthz`,
      (r) => `${ip(r)}:8080`,
    ),
    ev(
      3,
      'MountVolume.SetUp failed for volume "<*>" : configmap "<*>" not found',
      one('config', 'settings'),
      one('app-config', 'feature-flags'),
    ),
    ev(4, 'Scaled up replica set <*> to <*>', (r) => `${pick(r, ['web', 'api'])}-${hex(r, 9)}`, small),
    ev(4, 'Scaled down replica set <*> to <*>', (r) => `${pick(r, ['web', 'api'])}-${hex(r, 9)}`, small),
    ev(2, '0/<*> nodes are available: <*> Insufficient cpu.', (r) => String(int(r, 3, 12)), small),
  ],
};

const TABLES = ['orders', 'items', 'users', 'payments'];

const postgresSystem: SystemSpec = {
  name: 'Postgres',
  about: 'PostgreSQL server log messages, SQL statements as trailing values (held out)',
  events: [
    ev(12, 'connection received: host=<*> port=<*>', ip, port),
    ev(12, 'connection authorized: user=<*> database=<*>', userName, one('orders', 'billing', 'analytics')),
    ev(
      14,
      'duration: <*> ms statement: <*>',
      (r) => (r() * 900).toFixed(3),
      (r) =>
        pick(r, [
          `SELECT * FROM ${pick(r, TABLES)} WHERE id = ${int(r, 1, 99999)}`,
          `UPDATE ${pick(r, TABLES)} SET status = 'paid' WHERE id = ${int(r, 1, 99999)}`,
          'COMMIT',
          'BEGIN',
        ]),
    ),
    ev(4, 'checkpoint starting: <*>', one('time', 'wal', 'shutdown immediate')),
    ev(
      4,
      'checkpoint complete: wrote <*> buffers (<*>%); <*> WAL file(s) added, <*> removed, <*> recycled; write=<*> s, sync=<*> s, total=<*> s',
      count,
      (r) => (r() * 5).toFixed(1),
      small,
      small,
      small,
      (r) => (r() * 30).toFixed(3),
      (r) => (r() * 0.1).toFixed(3),
      (r) => (r() * 30).toFixed(3),
    ),
    ev(
      5,
      'automatic vacuum of table "<*>": index scans: <*>',
      (r) => `orders.public.${pick(r, TABLES)}`,
      small,
    ),
    ev(5, 'automatic analyze of table "<*>"', (r) => `orders.public.${pick(r, TABLES)}`),
    ev(3, 'could not receive data from client: Connection reset by peer'),
    ev(
      3,
      'relation "<*>" does not exist at character <*>',
      (r) => pick(r, ['user', 'order_item', 'tmp_import']),
      (r) => String(int(r, 8, 80)),
    ),
    ev(
      2,
      'disconnection: session time: <*> user=<*> database=<*> host=<*> port=<*>',
      (r) => `0:0${int(r, 0, 9)}:${String(int(r, 10, 59))}.${digits(r, 3)}`,
      userName,
      one('orders', 'billing', 'analytics'),
      ip,
      port,
    ),
    ev(2, 'database system is ready to accept connections'),
  ],
};

const SERVICES = [
  'Windows Update',
  'Background Intelligent Transfer Service',
  'Print Spooler',
  'WinHTTP Web Proxy Auto-Discovery Service',
  'Windows Defender Antivirus Service',
  'Spooler',
];

const windowsSystem: SystemSpec = {
  name: 'WindowsServices',
  about: 'Windows Service Control Manager and update messages: service names with spaces (held out)',
  events: [
    ev(16, 'The <*> service entered the <*> state.', (r) => pick(r, SERVICES), one('running', 'stopped')),
    ev(
      6,
      'The start type of the <*> service was changed from <*> to <*>.',
      (r) => pick(r, SERVICES),
      one('auto start', 'demand start'),
      one('disabled', 'demand start'),
    ),
    ev(
      5,
      'The <*> service terminated unexpectedly. It has done this <*> time(s).',
      (r) => pick(r, SERVICES),
      small,
    ),
    ev(
      4,
      'Installation Successful: Windows successfully installed the following update: <*>',
      (r) =>
        `Security Intelligence Update for Microsoft Defender Antivirus - KB2267602 (Version 1.${int(r, 380, 400)}.${int(r, 100, 999)}.0)`,
    ),
    ev(4, 'The system uptime is <*> seconds.', count),
    ev(3, 'The Event log service was started.'),
    ev(3, 'The Event log service was stopped.'),
    ev(
      3,
      'Session "<*>" stopped due to the following error: <*>',
      one('Diagtrack-Listener', 'WiFiSession'),
      hex0x8,
    ),
  ],
};

function hex0x8(r: Rand): string {
  return `0x${hex(r, 8).toUpperCase()}`;
}

/** The held-out systems. */
export const HOLDOUT_SYSTEMS: readonly SystemSpec[] = [k8sSystem, postgresSystem, windowsSystem];
