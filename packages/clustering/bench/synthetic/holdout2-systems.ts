/**
 * The second held-out set of the synthetic suite ("holdout2"): five systems written in the third
 * pass BEFORE any code of that pass changed, scored once with the code as it stood, and never tuned
 * against afterwards. The first held-out set (holdout-systems.ts) became the development set of that
 * pass, so these are the honest measure of generality on unseen systems.
 *
 * Conventions, as the corrected Loghub-2k labels show them: every variable is one `<*>` (numbers,
 * ids, addresses with their port, paths, URLs, host and user names, sizes with a glued or separate
 * unit, durations with a glued unit, percentages); separate values stay separate even when adjacent
 * (`<*> <*>`, as `REPORT : <*> <*> <*> <*>` in HealthApp); a value with spaces (a message, a list,
 * a sensor name) is one `<*>`; a unit word after a plain number stays (`took <*> ms`); a variable
 * part of a compound word keeps the word (`Memtable-<*>@<*>`); state names, HTTP methods and
 * outcome words (`SUCCESS`/`FAILED`, `DOWN`/`UP`) are part of the event.
 */
import { ev, type SystemSpec } from './systems.js';
import {
  count,
  dec,
  digits,
  hex,
  int,
  ip,
  one,
  pad,
  pick,
  pid,
  port,
  publicIp,
  type Rand,
  small,
  uuid,
} from './values.js';

// ---------------------------------------------------------------------------------------------
// A. Hadoop YARN ResourceManager / NodeManager and HBase RegionServer (JVM, Log4j content)

const CLUSTER_TS = one('1445144423722', '1700312098321');
const APP = (r: Rand) => `application_${CLUSTER_TS(r)}_${pad(int(r, 1, 120), 4)}`;
const CONTAINER = (r: Rand) =>
  `container_${r() < 0.3 ? 'e17_' : ''}${CLUSTER_TS(r)}_${pad(int(r, 1, 120), 4)}_01_${pad(int(r, 1, 40), 6)}`;
const NM = (r: Rand) => `host-${int(r, 1, 40)}.cluster.local:${pick(r, ['45454', '8041'])}`;
const HBASE_SIZE = (r: Rand) => `${dec(r, 300, 1)} ${pick(r, ['K', 'M', 'M'])}`;
const REGION = (r: Rand) => `usertable,user${digits(r, 4)},${digits(r, 13)}.${hex(r, 32)}.`;
const RS = (r: Rand) => `host-${int(r, 1, 40)}.cluster.local,16020,${digits(r, 13)}`;
const MEM = (r: Rand) => String(pick(r, [1024, 2048, 4096, 8192]));
const PROC_MEM = (r: Rand) => `${dec(r, 900, 1)} MB`;
const PIPELINE = (r: Rand) =>
  Array.from(
    { length: int(r, 1, 3) },
    () => `DatanodeInfoWithStorage[${ip(r)}:50010,DS-${uuid(r)},DISK]`,
  ).join(', ');

const yarnHbase: SystemSpec = {
  name: 'YarnHBase',
  about: 'Hadoop YARN ResourceManager/NodeManager and HBase RegionServer messages (held out, pass 3)',
  events: [
    ev(6, '<*> Container Transitioned from NEW to ALLOCATED', CONTAINER),
    ev(6, '<*> Container Transitioned from ALLOCATED to ACQUIRED', CONTAINER),
    ev(6, '<*> Container Transitioned from ACQUIRED to RUNNING', CONTAINER),
    ev(5, '<*> Container Transitioned from RUNNING to COMPLETED', CONTAINER),
    ev(3, '<*> State change from NEW to NEW_SAVING on event = START', APP),
    ev(3, '<*> State change from SUBMITTED to ACCEPTED on event = APP_ACCEPTED', APP),
    ev(3, '<*> State change from ACCEPTED to RUNNING on event = ATTEMPT_REGISTERED', APP),
    ev(
      4,
      'Accepted application <*> from user <*>, in queue: <*>, currently num of applications: <*>',
      APP,
      one('hadoop', 'alice', 'etl-svc', 'bob'),
      one('default', 'root.etl', 'root.adhoc'),
      small,
    ),
    ev(
      8,
      'Memory usage of ProcessTree <*> for container-id <*>: <*> of <*> physical memory used; <*> of <*> virtual memory used',
      pid,
      CONTAINER,
      PROC_MEM,
      one('1 GB', '2 GB', '4 GB'),
      (r) => `${dec(r, 4, 1)} GB`,
      one('2.1 GB', '4.2 GB', '8.4 GB'),
    ),
    ev(
      4,
      'Assigned container <*> of capacity <memory:<*>, vCores:<*>> on host <*>, which has <*> containers, <memory:<*>, vCores:<*>> used and <memory:<*>, vCores:<*>> available after allocation',
      CONTAINER,
      MEM,
      one('1', '2'),
      NM,
      small,
      (r) => String(int(r, 1, 16) * 1024),
      small,
      (r) => String(int(r, 0, 16) * 1024),
      small,
    ),
    ev(
      5,
      'Flushed, sequenceid=<*>, memsize=<*>, hasBloomFilter=<*>, into tmp file <*>',
      (r) => digits(r, int(r, 3, 7)),
      HBASE_SIZE,
      one('true', 'false'),
      (r) => `hdfs://nn1:8020/hbase/data/default/usertable/${hex(r, 32)}/.tmp/cf/${hex(r, 32)}`,
    ),
    ev(4, 'Starting compaction on <*> in region <*>', one('cf', 'info', 'meta'), REGION),
    ev(
      3,
      'Completed compaction of <*> file(s) in <*> of <*> into <*>(size=<*>), total size for store is <*>. This selection was in queue for <*>, and took <*> to execute.',
      small,
      one('cf', 'info'),
      REGION,
      (r) => hex(r, 32),
      HBASE_SIZE,
      HBASE_SIZE,
      (r) => `${int(r, 0, 9)}sec`,
      (r) => `${int(r, 0, 59)}sec`,
    ),
    ev(
      2,
      'ABORTING region server <*>: <*>',
      RS,
      one(
        'Replay of WAL required. Forcing server shutdown',
        'Unhandled: org.apache.hadoop.hbase.YouAreDeadException: Server REPORT rejected',
        'IOE in log roller',
      ),
    ),
    ev(4, 'Slow sync cost: <*> ms, current pipeline: [<*>]', (r) => String(int(r, 100, 9000)), PIPELINE),
    ev(
      3,
      "Opening region: {ENCODED => <*>, NAME => '<*>', STARTKEY => '<*>', ENDKEY => '<*>'}",
      (r) => hex(r, 32),
      REGION,
      (r) => `user${digits(r, 4)}`,
      (r) => `user${digits(r, 4)}`,
    ),
    ev(
      3,
      'Node <*> reported UNHEALTHY with details: <*>',
      NM,
      one(
        '1/1 local-dirs are bad: /data/yarn/local',
        '1/2 log-dirs are bad: /var/log/hadoop-yarn/containers',
        'health check script timed out',
      ),
    ),
    ev(
      2,
      'Registered with ResourceManager as <*> with total resource of <memory:<*>, vCores:<*>>',
      NM,
      (r) => String(int(r, 8, 64) * 1024),
      one('8', '16', '32'),
    ),
    ev(3, 'Stopping container with container Id: <*>', CONTAINER),
    ev(
      2,
      'Rolled WAL <*> with entries=<*>, filesize=<*>; new WAL <*>',
      (r) => `/hbase/WALs/host-${int(r, 1, 40)}.cluster.local,16020,${digits(r, 13)}/wal.${digits(r, 13)}`,
      count,
      (r) => `${dec(r, 200, 2)} MB`,
      (r) => `/hbase/WALs/host-${int(r, 1, 40)}.cluster.local,16020,${digits(r, 13)}/wal.${digits(r, 13)}`,
    ),
  ],
};

// ---------------------------------------------------------------------------------------------
// B. Kafka broker and Cassandra node

const TOPIC = one('orders', 'payments', 'clickstream', 'audit-log', 'inventory');
const PARTITION = (r: Rand) => `${TOPIC(r)}-${int(r, 0, 23)}`;
const KAFKA_DIR = one('/var/lib/kafka/data', '/data/kafka-logs');
const BROKER = one('1', '2', '3');
const GROUP = one('billing-consumers', 'console-consumer-41235', 'analytics', 'search-indexer');
const MEMBER = (r: Rand) => `consumer-${int(r, 1, 9)}-${uuid(r)}`;
const CTABLE = one('peers', 'local', 'size_estimates', 'compaction_history', 'users', 'events');
const KIB = (r: Rand) => `${dec(r, 900, 3)}KiB`;
const PCT = (r: Rand) => `${int(r, 0, 9)}%`;
const SSTABLE = (r: Rand) =>
  `/var/lib/cassandra/data/${pick(r, ['system', 'app'])}/${CTABLE(r)}-${hex(r, 32)}/mc-${int(r, 1, 400)}-big-Data.db`;
const PEER = (r: Rand) => `/${ip(r)}`;

const kafkaCassandra: SystemSpec = {
  name: 'KafkaCassandra',
  about: 'Kafka broker and Cassandra node messages (held out, pass 3)',
  events: [
    ev(
      9,
      '[Log partition=<*>, dir=<*>] Rolled new log segment at offset <*> in <*> ms.',
      PARTITION,
      KAFKA_DIR,
      count,
      (r) => String(int(r, 0, 40)),
    ),
    ev(
      5,
      '[Log partition=<*>, dir=<*>] Deleting segment LogSegment(baseOffset=<*>, size=<*>, lastModifiedTime=<*>, largestRecordTimestamp=Some(<*>))',
      PARTITION,
      KAFKA_DIR,
      count,
      (r) => digits(r, 9),
      (r) => digits(r, 13),
      (r) => digits(r, 13),
    ),
    ev(
      4,
      '[GroupCoordinator <*>]: Preparing to rebalance group <*> in state PreparingRebalance with old generation <*> (__consumer_offsets-<*>) (reason: <*>)',
      BROKER,
      GROUP,
      (r) => String(int(r, 1, 300)),
      (r) => String(int(r, 0, 49)),
      (r) =>
        pick(r, [
          `Adding new member ${MEMBER(r)} with group instance id None`,
          `Leader ${MEMBER(r)} re-joining group during Stable`,
          `removing member ${MEMBER(r)} on heartbeat expiration`,
        ]),
    ),
    ev(
      4,
      '[GroupCoordinator <*>]: Member <*> in group <*> has failed, removing it from the group',
      BROKER,
      MEMBER,
      GROUP,
    ),
    ev(3, '[Controller id=<*>] Processing automatic preferred replica leader election', BROKER),
    ev(
      3,
      '[ReplicaFetcher replicaId=<*>, leaderId=<*>, fetcherId=<*>] Error sending fetch request (sessionId=<*>, epoch=<*>) to node <*>:',
      BROKER,
      BROKER,
      small,
      (r) => (r() < 0.3 ? 'INVALID' : digits(r, 9)),
      (r) => (r() < 0.3 ? 'INITIAL' : String(int(r, 1, 9999))),
      BROKER,
    ),
    ev(
      3,
      'Created log for partition <*> in <*> with properties {<*>}',
      PARTITION,
      (r) => `${KAFKA_DIR(r)}/${PARTITION(r)}`,
      (r) =>
        pick(r, [
          'compression.type -> producer, min.insync.replicas -> 2',
          'cleanup.policy -> compact, segment.bytes -> 104857600, min.compaction.lag.ms -> 0',
          'retention.ms -> 604800000',
        ]),
    ),
    ev(1, '[KafkaServer id=<*>] started', BROKER),
    ev(7, 'Enqueuing flush of <*>: <*> (<*>) on-heap, <*> (<*>) off-heap', CTABLE, KIB, PCT, KIB, PCT),
    ev(
      5,
      'Completed flushing <*> (<*>) for commitlog position CommitLogPosition(segmentId=<*>, position=<*>)',
      SSTABLE,
      KIB,
      (r) => digits(r, 13),
      count,
    ),
    ev(
      2,
      'Writing Memtable-<*>@<*>(<*> serialized bytes, <*> ops, <*>/<*> of on/off-heap limit), flushed range = (min(<*>), max(<*>)]',
      CTABLE,
      (r) => digits(r, 10),
      KIB,
      count,
      PCT,
      PCT,
      () => '-9223372036854775808',
      () => '9223372036854775807',
    ),
    ev(4, 'InetAddress <*> is now DOWN', PEER),
    ev(4, 'InetAddress <*> is now UP', PEER),
    ev(4, 'Handshaking version with <*>', PEER),
    ev(
      5,
      'GC for <*>: <*> ms for <*> collections, <*> used; max is <*>',
      one('ParNew', 'ConcurrentMarkSweep', 'G1 Young Generation', 'G1 Old Generation'),
      (r) => String(int(r, 200, 3000)),
      small,
      (r) => digits(r, 10),
      one('8422162432', '4211081216'),
    ),
    ev(
      3,
      'Compacted (<*>) <*> sstables to [<*>,] to level=<*>. <*> to <*> (~<*> of original) in <*>. Read Throughput = <*>, Write Throughput = <*>',
      uuid,
      (r) => String(int(r, 2, 32)),
      (r) => SSTABLE(r).replace('-Data.db', ''),
      small,
      KIB,
      KIB,
      (r) => `${int(r, 20, 99)}%`,
      (r) => `${int(r, 10, 9000)}ms`,
      (r) => `${dec(r, 50, 3)}MiB/s`,
      (r) => `${dec(r, 50, 3)}MiB/s`,
    ),
    ev(3, 'Node <*> state jump to NORMAL', PEER),
    ev(1, 'Starting listening for CQL clients on <*> (unencrypted)...', (r) => `/${ip(r)}:9042`),
    ev(2, 'Redistributing index summaries'),
  ],
};

// ---------------------------------------------------------------------------------------------
// C. Web servers: Apache 2.4 error log, IIS W3C access log, Apache access log with a virtual host

const DOCROOT_FILE = (r: Rand) =>
  `/var/www/html/${pick(r, ['.env', 'wp-login.php', 'admin/config.php', 'favicon.ico', 'backup.zip', '.git/config'])}`;
const CLIENT = (r: Rand) => `${publicIp(r)}:${port(r)}`;
const URI = (r: Rand) =>
  pick(r, [
    '/default.aspx',
    `/api/orders/${int(r, 1, 99999)}`,
    '/images/logo.png',
    `/Account/Login`,
    `/scripts/app.${hex(r, 8)}.js`,
  ]);
const QUERY = (r: Rand) => (r() < 0.6 ? '-' : `id=${int(r, 1, 9999)}&page=${int(r, 1, 9)}`);
const IIS_UA = one(
  'Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/118.0.0.0+Safari/537.36',
  'Mozilla/5.0+(iPhone;+CPU+iPhone+OS+17_0+like+Mac+OS+X)+AppleWebKit/605.1.15',
  'curl/8.4.0',
  'msnbot/2.0b',
);
const VHOST = one('www.example.com', 'shop.example.com', 'intranet.example.org');
const CLF_TIME = (r: Rand) =>
  `${pad(int(r, 1, 28), 2)}/${pick(r, ['Jan', 'Feb', 'Mar', 'Oct'])}/2024:${pad(int(r, 0, 23), 2)}:${pad(int(r, 0, 59), 2)}:${pad(int(r, 0, 59), 2)} +0100`;
const REFERER = (r: Rand) => (r() < 0.5 ? '-' : `https://${VHOST(r)}${URI(r)}`);
const UA = one(
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'python-requests/2.31.0',
);

const webMix: SystemSpec = {
  name: 'WebMix',
  about: 'Apache 2.4 error log, IIS W3C access log and Apache vhost access log mixed (held out, pass 3)',
  events: [
    ev(6, '[client <*>] AH01630: client denied by server configuration: <*>', CLIENT, DOCROOT_FILE),
    ev(5, '[client <*>] AH00128: File does not exist: <*>', CLIENT, DOCROOT_FILE),
    ev(
      3,
      '[client <*>] AH01276: Cannot serve directory <*>: No matching DirectoryIndex (<*>) found, and server-generated directory index forbidden by Options directive',
      CLIENT,
      (r) => pick(r, ['/var/www/html/', '/var/www/html/uploads/', '/srv/www/static/']),
      one('index.html,index.php', 'index.html', 'index.php,index.html,index.htm'),
    ),
    ev(
      2,
      "AH00558: apache2: Could not reliably determine the server's fully qualified domain name, using <*>. Set the 'ServerName' directive globally to suppress this message",
      one('127.0.1.1', '10.0.0.5', '172.17.0.2'),
    ),
    ev(
      2,
      'AH00489: Apache/<*> (<*>) configured -- resuming normal operations',
      one('2.4.57', '2.4.58', '2.4.62'),
      one('Debian', 'Ubuntu', 'Unix'),
    ),
    ev(2, 'AH00169: caught SIGTERM, shutting down'),
    ev(2, "AH00094: Command line: '<*>'", one('/usr/sbin/apache2', '/usr/sbin/httpd -D FOREGROUND')),
    ev(
      3,
      '[client <*>] PHP Warning: Undefined variable <*> in <*> on line <*>',
      CLIENT,
      one('$user', '$id', '$cart', '$row'),
      one('/var/www/html/index.php', '/var/www/html/cart/view.php'),
      (r) => String(int(r, 3, 400)),
    ),
    ev(
      14,
      '<*> GET <*> <*> <*> - <*> <*> - <*> <*> <*> <*>',
      ip,
      URI,
      QUERY,
      one('443', '80'),
      publicIp,
      IIS_UA,
      one('200', '200', '304', '404'),
      one('0'),
      one('0', '0', '64'),
      (r) => String(int(r, 1, 2000)),
    ),
    ev(
      4,
      '<*> POST <*> <*> <*> - <*> <*> - <*> <*> <*> <*>',
      ip,
      URI,
      QUERY,
      one('443'),
      publicIp,
      IIS_UA,
      one('200', '302', '500'),
      one('0'),
      one('0'),
      (r) => String(int(r, 1, 5000)),
    ),
    ev(
      10,
      '<*> <*> - - [<*>] "GET <*> HTTP/1.1" <*> <*> "<*>" "<*>"',
      VHOST,
      publicIp,
      CLF_TIME,
      URI,
      one('200', '200', '301', '404'),
      count,
      REFERER,
      UA,
    ),
    ev(
      3,
      '<*> <*> - - [<*>] "POST <*> HTTP/1.1" <*> <*> "<*>" "<*>"',
      VHOST,
      publicIp,
      CLF_TIME,
      URI,
      one('200', '302', '403'),
      count,
      REFERER,
      UA,
    ),
    ev(2, 'AH00492: caught SIGWINCH, shutting down gracefully'),
    ev(
      2,
      '[client <*>] AH02032: Hostname <*> provided via SNI and hostname <*> provided via HTTP have no compatible SSL setup',
      CLIENT,
      VHOST,
      VHOST,
    ),
    ev(2, "[client <*>] AH01071: Got error 'Primary script unknown'", CLIENT),
  ],
};

// ---------------------------------------------------------------------------------------------
// D. Supercomputer syslog: Thunderbird-like node syslog and BGL-like RAS messages

const JOB = (r: Rand) => `${int(r, 1000, 99999)}.tbird-admin1`;
const SC = (r: Rand) => `ffff8100${hex(r, 8)}`;
const LINKS = (r: Rand) => {
  const all = ['A', 'B', 'C', 'X+', 'X-', 'Y+', 'Y-', 'Z+', 'Z-'];
  return all.slice(0, int(r, 3, all.length)).join(' ');
};

const superSyslog: SystemSpec = {
  name: 'SuperSyslog',
  about: 'Thunderbird-like node syslog and BGL-like RAS messages (held out, pass 3)',
  events: [
    ev(8, 'crond(pam_unix)[<*>]: session opened for user <*> by (uid=<*>)', pid, one('root'), one('0')),
    ev(8, 'crond(pam_unix)[<*>]: session closed for user <*>', pid, one('root')),
    ev(5, 'pbs_mom: Bad file descriptor (<*>) in tm_request, job <*> not running', one('9'), JOB),
    ev(4, 'pbs_mom: task_check, cannot tm_reply to <*> task <*>', JOB, small),
    ev(5, 'kernel: mptscsih: ioc0: attempting task abort! (sc=<*>)', SC),
    ev(4, 'kernel: mptscsih: ioc0: task abort: SUCCESS (sc=<*>)', SC),
    ev(2, 'kernel: mptscsih: ioc0: task abort: FAILED (sc=<*>)', SC),
    ev(4, 'postfix/smtpd[<*>]: connect from unknown[<*>]', pid, ip),
    ev(4, 'postfix/smtpd[<*>]: disconnect from unknown[<*>]', pid, ip),
    ev(
      4,
      'dhcpd: DHCPDISCOVER from <*> via eth0: network <*>: no free leases',
      (r) => Array.from({ length: 6 }, () => hex(r, 2)).join(':'),
      one('10.100.0.0/16', '10.101.0.0/16'),
    ),
    ev(2, 'in.tftpd[<*>]: tftp: client does not accept options', pid),
    ev(
      2,
      'ntpd[<*>]: frequency error <*> PPM exceeds tolerance <*> PPM',
      pid,
      (r) => `-${int(r, 500, 512)}`,
      one('500.000'),
    ),
    ev(2, 'kernel: Out of Memory: Killed process <*> (<*>).', pid, one('java', 'mpirun', 'hpl', 'python')),
    ev(
      2,
      'Server Administrator: Instrumentation Service EventID: <*> Temperature sensor returned to a normal value Sensor location: <*> Chassis location: Main System Chassis Previous state was: Non-Critical (Warning) Temperature sensor value (in Degrees Celsius): <*>',
      one('1052'),
      one('BMC Ambient Temp', 'BMC Planar Temp', 'CPU1 Temp'),
      (r) => String(int(r, 20, 45)),
    ),
    ev(5, 'machine check interrupt (bit=<*>): L2 dcache unit data parity error', (r) => `0x${hex(r, 2)}`),
    ev(3, 'machine check interrupt (bit=<*>): L2 DCU read error', (r) => `0x${hex(r, 2)}`),
    ev(
      4,
      'ciod: failed to read message prefix on control stream (CioStream socket to <*>',
      (r) => `172.16.${int(r, 96, 99)}.${int(r, 1, 254)}:${port(r)}`,
    ),
    ev(3, 'idoproxy communication failure: socket closed'),
    ev(3, 'rts tree/torus link training failed: wanted: <*> got: <*>', LINKS, LINKS),
    ev(3, 'ddr: activating redundant bit steering: rank=<*> symbol=<*>', small, (r) => String(int(r, 0, 71))),
  ],
};

// ---------------------------------------------------------------------------------------------
// E. A mobile app's event log (Android app: lifecycle, analytics, sync, OkHttp logging)

const ACTIVITY = one(
  'MainActivity',
  'SettingsActivity',
  'WorkoutDetailActivity',
  'LoginActivity',
  'FeedActivity',
);
const API_URL = (r: Rand) =>
  pick(r, [
    `https://api.example.com/v1/feed?page=${int(r, 1, 9)}`,
    `https://api.example.com/v1/users/${int(r, 1, 99999)}`,
    'https://api.example.com/v1/sync',
    `https://cdn.example.com/img/${hex(r, 12)}.jpg`,
  ]);

const mobileApp: SystemSpec = {
  name: 'MobileApp',
  about: 'A mobile app event log: lifecycle, analytics, sync, HTTP client logging (held out, pass 3)',
  events: [
    ev(8, 'onResume: activity=<*>', ACTIVITY),
    ev(6, 'onPause: activity=<*>', ACTIVITY),
    ev(
      8,
      '[Analytics] logEvent name=<*> params={<*>}',
      one('screen_view', 'button_click', 'workout_started', 'purchase'),
      (r) =>
        pick(r, [
          `screen=${pick(r, ['Home', 'Profile', 'Settings'])}`,
          `screen=Home, ms=${int(r, 1, 900)}`,
          `item=${hex(r, 6)}, price=${dec(r, 99, 2)}, currency=EUR`,
        ]),
    ),
    ev(
      6,
      'Sync finished: uploaded=<*> downloaded=<*> failed=<*> took <*>',
      small,
      count,
      small,
      (r) => `${int(r, 20, 9000)}ms`,
    ),
    ev(4, 'Battery level changed to <*> (charging=<*>)', (r) => `${int(r, 1, 100)}%`, one('true', 'false')),
    ev(
      5,
      'Location update: lat=<*>, lon=<*>, accuracy=<*>, provider=<*>',
      (r) => dec(r, 90, 6),
      (r) => dec(r, 180, 6),
      (r) => `${dec(r, 60, 1)}m`,
      one('gps', 'network', 'fused'),
    ),
    ev(
      4,
      'Push notification received: id=<*>, category=<*>',
      (r) => hex(r, 16),
      one('reminder', 'social', 'promo'),
    ),
    ev(
      4,
      'Step counter: today=<*> goal=<*> progress=<*>',
      count,
      one('8000', '10000'),
      (r) => `${int(r, 0, 100)}%`,
    ),
    ev(6, '--> GET <*>', API_URL),
    ev(2, '--> POST <*>', API_URL),
    ev(2, '--> END POST (<*>-byte body)', (r) => String(int(r, 10, 9000))),
    ev(
      8,
      '<-- <*> <*> (<*>)',
      one('200', '200', '304', '404', '500'),
      API_URL,
      (r) => `${int(r, 5, 3000)}ms`,
    ),
    ev(
      2,
      'Database migration from version <*> to <*> completed in <*>',
      (r) => String(int(r, 1, 20)),
      (r) => String(int(r, 21, 30)),
      (r) => `${int(r, 5, 900)}ms`,
    ),
    ev(
      2,
      'Crash reported: <*>: <*>',
      one(
        'java.lang.NullPointerException',
        'java.lang.IllegalStateException',
        'android.os.NetworkOnMainThreadException',
      ),
      one(
        "Attempt to invoke virtual method 'int java.lang.String.length()' on a null object reference",
        'Fragment not attached to a context',
        'null',
      ),
    ),
    ev(2, 'User <*> signed in with <*>', (r) => `u_${digits(r, 6)}`, one('google', 'apple', 'email')),
    ev(
      2,
      'Cache trimmed: level=<*>, freed <*>',
      one('TRIM_MEMORY_UI_HIDDEN', 'TRIM_MEMORY_BACKGROUND', 'TRIM_MEMORY_RUNNING_LOW'),
      (r) => `${dec(r, 60, 1)} MB`,
    ),
    ev(2, 'App moved to foreground'),
    ev(2, 'App moved to background'),
    ev(
      2,
      'Permission <*> granted',
      one(
        'android.permission.CAMERA',
        'android.permission.ACCESS_FINE_LOCATION',
        'android.permission.POST_NOTIFICATIONS',
      ),
    ),
    ev(
      1,
      'Permission <*> denied',
      one(
        'android.permission.CAMERA',
        'android.permission.ACCESS_FINE_LOCATION',
        'android.permission.POST_NOTIFICATIONS',
      ),
    ),
  ],
};

/** The second held-out set (pass 3). */
export const HOLDOUT2_SYSTEMS: readonly SystemSpec[] = [
  yarnHbase,
  kafkaCassandra,
  webMix,
  superSyslog,
  mobileApp,
];
