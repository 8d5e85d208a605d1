/**
 * The synthetic labelled suite: log styles that the Loghub-2k systems in ../shared do not cover
 * (program names in front of the event, `name[pid]:` prefixes, host names in the content, `key
 * value` request lines with UUIDs and HTTP status, variables that contain spaces), each event with a
 * hand-written expected template in the corrected-Loghub conventions as they show in the 12 labelled
 * systems: every variable is one `<*>` (a number with a glued or separate size unit, an IP with its
 * port, a path, a host name, a program or user name, a `<1 sec` bound); a variable part of a
 * compound word keeps the word (`node-<*>`, `pts/<*>`, `consumer-<*>`); separate words after a plain
 * number stay (`took <*> ms`); HTTP methods, states and protocol names are part of the event.
 *
 * A line is rendered by replacing each `<*>` of its template, left to right, with a generated value,
 * so the expected template of every line is exactly the one written here.
 */
import { rng } from '../corpus.js';
import {
  apiPath,
  clfTime,
  clusterHost,
  count,
  destination,
  digits,
  float,
  type Gen,
  groupedCount,
  hex,
  hex0x,
  int,
  ip,
  lifetime,
  mac,
  one,
  pick,
  pid,
  port,
  program,
  proxy,
  publicIp,
  type Rand,
  size,
  slashDateTime,
  small,
  userAgent,
  userName,
  uuid,
} from './values.js';

/** One event type: relative frequency, expected template, one generator per `<*>`. */
export interface EventSpec {
  weight: number;
  template: string;
  values: Gen[];
}

export interface SystemSpec {
  name: string;
  /** What the style stands for. */
  about: string;
  events: EventSpec[];
}

/** An event of a style: its weight, its labelled template and a generator per `<*>`. */
export const ev = (weight: number, template: string, ...values: Gen[]): EventSpec => ({
  weight,
  template,
  values,
});

const proxySystem: SystemSpec = {
  name: 'Proxy',
  about: 'Proxifier-like: the program name is the first word; lifetimes `<1 sec` or `00:01`',
  events: [
    ev(30, '<*> - <*> open through proxy <*> HTTPS', program, destination, proxy),
    ev(8, '<*> - <*> open through proxy <*> SOCKS5', program, destination, proxy),
    ev(
      30,
      '<*> - <*> close, <*> bytes sent, <*> bytes received, lifetime <*>',
      program,
      destination,
      (r) => String(int(r, 0, 99999)),
      (r) => String(int(r, 0, 99999)),
      lifetime,
    ),
    ev(
      8,
      '<*> - <*> close, <*> bytes (<*>) sent, <*> bytes (<*>) received, lifetime <*>',
      program,
      destination,
      groupedCount,
      size,
      groupedCount,
      size,
      lifetime,
    ),
    ev(
      4,
      '<*> - <*> error : Could not connect to proxy <*> - connection attempt failed with error <*>',
      program,
      destination,
      proxy,
      one('10060', '10061', '10065'),
    ),
    ev(
      2,
      '<*> - <*> error : Could not connect through proxy <*> - Proxy server cannot establish a connection with the target, status code <*>',
      program,
      destination,
      proxy,
      one('403', '502', '504'),
    ),
    ev(
      2,
      '<*> - Could not resolve <*> error <*>',
      program,
      (r) => destination(r).split(':')[0]!,
      one('11001', '11004'),
    ),
    ev(1, 'Welcome to Proxifier <*>', one('v3.21', 'v3.29', 'v4.01')),
    ev(
      1,
      'Traffic through proxy <*> : <*> sent, <*> received, up <*>',
      proxy,
      size,
      size,
      (r) => `${int(r, 0, 23)}:${String(int(r, 0, 59)).padStart(2, '0')}`,
    ),
  ],
};

const macSystem: SystemSpec = {
  name: 'MacKernel',
  about: 'macOS kernel and daemon messages: `Class<0>(0x0)::method`, `name[pid]:`, dotted activity names',
  events: [
    ev(
      12,
      'IOThunderboltSwitch<<*>>(<*>)::listenerCallback - Thunderbolt HPD packet for route = <*> port = <*> unplug = <*>',
      small,
      hex0x,
      hex0x,
      (r) => String(int(r, 1, 12)),
      one('0', '1'),
    ),
    ev(
      15,
      'ARPT: <*>: wl0: wl_update_tcpkeep_seq: Original Seq: <*>, Ack: <*>, Win size: <*>',
      (r) => (r() * 900000).toFixed(6),
      (r) => digits(r, 10),
      (r) => digits(r, 10),
      (r) => String(int(r, 1024, 65535)),
    ),
    ev(5, 'ARPT: <*>: wl0: MDNS: IPV4 Addr: <*>', (r) => (r() * 900000).toFixed(6), ip),
    ev(6, 'AirPort: Link Down on awdl0. Reason <*> (Unspecified).', small),
    ev(4, 'AirPort: Link Up on en0'),
    ev(
      8,
      'Sandbox: <*>(<*>) deny(<*>) network-outbound <*>',
      one('com.apple.Addres', 'QQ', 'WeChat', 'Safari', 'mdworker', 'Google Chrome He'),
      pid,
      one('1', '1', '2'),
      one('/private/var/run/mDNSResponder', '/private/var/run/syslog', '/private/var/tmp/launchd/sock'),
    ),
    ev(
      6,
      "com.apple.cts[<*>]: <*>: scheduler_evaluate_activity told me to run this job; however, but the start time isn't for <*> seconds. Ignoring.",
      pid,
      one(
        'com.apple.suggestions.harvest',
        'com.apple.CacheDelete.daily',
        'com.apple.SoftwareUpdate.Activity',
        'com.apple.metrics.sample',
      ),
      count,
    ),
    ev(
      5,
      'PM response took <*> ms (<*>, <*>)',
      count,
      pid,
      one('powerd', 'coreaudiod', 'WindowServer', 'bluetoothd'),
    ),
    ev(6, 'AppleCamIn::systemWakeCall - messageType = <*>', (r) => `0x${hex(r, 8).toUpperCase()}`),
    ev(3, 'AppleThunderboltNHIType2::prePCIWake - power up complete - took <*> us', count),
    ev(3, 'en0: BSSID changed to <*>', mac),
    ev(
      4,
      'mDNSResponder[<*>]: mDNS_DeregisterInterface: Frequent transitions for interface <*> (<*>)',
      pid,
      one('en0', 'awdl0', 'utun1', 'en5'),
      ip,
    ),
    ev(2, 'Previous sleep cause: <*>', small),
    ev(1, 'USBMSC Identifier (non-unique): <*> <*> <*> <*>', (r) => digits(r, 12), hex0x, hex0x, hex0x),
    ev(2, 'hibernate_page_list_setall time: <*> ms', count),
    ev(
      2,
      'Setting BTCoex Config: enable_2G:<*>, profile_2G:<*>, enable_5G:<*>, profile_5G:<*>',
      small,
      small,
      small,
      small,
    ),
    ev(1, 'Wake reason: <*>', one('ARPT (Network)', 'RTC (Alarm)', 'EC.LidOpen (User)', 'XHC1')),
  ],
};

const SESSION_PROGRAMS = one('sshd', 'su', 'crond', 'login');

const syslogSystem: SystemSpec = {
  name: 'SyslogHosts',
  about:
    'Thunderbird/syslog content: `program[pid]:` prefixes (shared events across programs), host names first',
  events: [
    ev(14, '<*>[<*>]: session opened for user <*> by (uid=<*>)', SESSION_PROGRAMS, pid, userName, small),
    ev(14, '<*>[<*>]: session closed for user <*>', SESSION_PROGRAMS, pid, userName),
    ev(
      12,
      'crond[<*>]: (<*>) CMD (run-parts <*>)',
      pid,
      userName,
      one('/etc/cron.hourly', '/etc/cron.daily'),
    ),
    ev(6, 'ntpd[<*>]: synchronized to <*>, stratum <*>', pid, ip, small),
    ev(3, 'ntpd[<*>]: time reset <*> s', pid, (r) => `${pick(r, ['+', '-'])}0.${digits(r, 6)}`),
    ev(
      6,
      '<*> kernel: e1000: eth0: e1000_watchdog: NIC Link is Up <*> Mbps Full Duplex',
      clusterHost,
      one('100', '1000'),
    ),
    ev(
      5,
      '<*> kernel: EXT3-fs error (device <*>): ext3_lookup: unlinked inode <*> in dir #<*>',
      clusterHost,
      one('sda5', 'sdb1', 'sda2', 'sdc3'),
      count,
      count,
    ),
    ev(6, 'sshd[<*>]: Accepted publickey for <*> from <*> port <*> ssh2', pid, userName, ip, port),
    ev(
      5,
      'sshd[<*>]: Failed password for invalid user <*> from <*> port <*> ssh2',
      pid,
      userName,
      publicIp,
      port,
    ),
    ev(5, 'sshd[<*>]: Failed password for <*> from <*> port <*> ssh2', pid, userName, publicIp, port),
    ev(
      3,
      'su(pam_unix)[<*>]: authentication failure; logname=<*> uid=<*> euid=<*> tty=pts/<*> ruser=<*> rhost= user=<*>',
      pid,
      userName,
      (r) => String(int(r, 500, 520)),
      small,
      small,
      userName,
      userName,
    ),
    ev(3, 'xinetd[<*>]: START: <*> pid=<*> from=<*>', pid, one('telnet', 'rsync', 'ftp', 'tftp'), pid, ip),
    ev(
      2,
      'gmetad[<*>]: data_thread() got not answer from any [<*>] datasource',
      pid,
      one('Thunderbird_A8', 'Thunderbird_B2', 'Thunderbird_C5', 'Thunderbird_D1'),
    ),
    ev(4, 'dhcpd: DHCPREQUEST for <*> from <*> via eth1', ip, mac),
    ev(4, 'dhcpd: DHCPACK on <*> to <*> via eth1', ip, mac),
    ev(
      2,
      'pbs_mom: Connection refused (<*>) in open_demux, open_demux: connect <*>',
      one('111'),
      (r) => `${ip(r)}:${port(r)}`,
    ),
    ev(1, '<*> kernel: Losing some ticks... checking if CPU frequency changed.', clusterHost),
    ev(1, 'logrotate: ALERT exited abnormally with [<*>]', small),
  ],
};

const INSTANCE = (r: Rand) => uuid(r);
const BASE_FILE = (r: Rand) => `/var/lib/nova/instances/_base/${hex(r, 40)}`;
const COMPUTE_HOST = (r: Rand) => `cp-${int(r, 1, 9)}.slowvm1.tcloud-pg0.utah.cloudlab.us`;

const cloudSystem: SystemSpec = {
  name: 'CloudApi',
  about: 'OpenStack-like: `key value` request lines with UUIDs and HTTP status, instance lifecycle',
  events: [
    ev(
      30,
      '<*> "GET <*> HTTP/1.1" status: <*> len: <*> time: <*>',
      ip,
      (r) => `/v2/${hex(r, 32)}/servers/detail`,
      one('200', '200', '200', '404'),
      count,
      (r) => (r() * 2).toFixed(7),
    ),
    ev(
      6,
      '<*> "POST <*> HTTP/1.1" status: <*> len: <*> time: <*>',
      ip,
      (r) => `/v2/${hex(r, 32)}/os-server-external-events`,
      one('200', '202'),
      count,
      (r) => (r() * 2).toFixed(7),
    ),
    ev(
      3,
      '<*> "DELETE <*> HTTP/1.1" status: <*> len: <*> time: <*>',
      ip,
      (r) => `/v2/${hex(r, 32)}/servers/${uuid(r)}`,
      one('204'),
      count,
      (r) => (r() * 2).toFixed(7),
    ),
    ev(5, '[instance: <*>] VM Started (Lifecycle Event)', INSTANCE),
    ev(4, '[instance: <*>] VM Paused (Lifecycle Event)', INSTANCE),
    ev(3, '[instance: <*>] VM Resumed (Lifecycle Event)', INSTANCE),
    ev(5, '[instance: <*>] VM Stopped (Lifecycle Event)', INSTANCE),
    ev(4, '[instance: <*>] Took <*> seconds to spawn the instance on the hypervisor.', INSTANCE, float),
    ev(4, '[instance: <*>] Took <*> seconds to build instance.', INSTANCE, float),
    ev(3, '[instance: <*>] Terminating instance', INSTANCE),
    ev(3, '[instance: <*>] Instance destroyed successfully.', INSTANCE),
    ev(
      3,
      '[instance: <*>] Deletion of <*> complete',
      INSTANCE,
      (r) => `/var/lib/nova/instances/${uuid(r)}_del`,
    ),
    ev(6, 'image <*> at (<*>): checking', uuid, BASE_FILE),
    ev(
      3,
      'image <*> at (<*>): in use: on this node <*> local, <*> on other nodes sharing this instance storage',
      uuid,
      BASE_FILE,
      small,
      small,
    ),
    ev(3, 'Active base files: <*>', BASE_FILE),
    ev(2, 'Removable base files: <*>', BASE_FILE),
    ev(1, 'Unknown base file: <*>', BASE_FILE),
    ev(
      2,
      '[instance: <*>] During sync_power_state the instance has a pending task (<*>). Skip.',
      INSTANCE,
      one('spawning', 'deleting', 'powering-off'),
    ),
    ev(3, 'Creating event network-vif-plugged:<*> for instance <*>', uuid, INSTANCE),
    ev(
      3,
      // Loghub's OpenStack templates keep a fixed unit that ends a field (`memory <*> MB, disk <*>
      // GB`, as Spark's `capacity <*> GB`); corrected in pass 4 from `memory <*>, disk <*>`.
      '[instance: <*>] Attempting claim: memory <*> MB, disk <*> GB, vcpus <*> CPU',
      INSTANCE,
      one('2048', '4096', '512'),
      one('20', '40', '1'),
      one('1', '2', '4'),
    ),
    ev(3, '[instance: <*>] Claim successful', INSTANCE),
    ev(2, 'Compute_service record updated for <*>:<*>', COMPUTE_HOST, COMPUTE_HOST),
    ev(2, 'Auditing locally available compute resources for node <*>', COMPUTE_HOST),
    ev(
      2,
      'Final resource view: name=<*> phys_ram=<*> used_ram=<*> phys_disk=<*> used_disk=<*> total_vcpus=<*> used_vcpus=<*> pci_stats=[]',
      COMPUTE_HOST,
      (r) => `${int(r, 8000, 65000)}MB`,
      (r) => `${int(r, 512, 8000)}MB`,
      (r) => `${int(r, 10, 99)}GB`,
      (r) => `${int(r, 0, 80)}GB`,
      (r) => String(int(r, 8, 32)),
      small,
    ),
    ev(1, "The instance sync for host '<*>' did not match. Re-created its InstanceList.", COMPUTE_HOST),
  ],
};

const TOPICS = ['orders', 'payments', 'audit-log', 'inventory'];
const PARTITION = (r: Rand) => `${pick(r, TOPICS)}-${int(r, 0, 11)}`;

const jvmSystem: SystemSpec = {
  name: 'JvmService',
  about: 'Spring Boot / Kafka client service: bracketed `key=value` contexts, thread names, timings',
  events: [
    ev(
      14,
      '[Consumer clientId=consumer-<*>, groupId=<*>] Resetting offset for partition <*> to offset <*>.',
      small,
      (r) => pick(r, TOPICS),
      PARTITION,
      count,
    ),
    ev(
      14,
      '[Consumer clientId=consumer-<*>, groupId=<*>] Committed offset <*> for partition <*>',
      small,
      (r) => pick(r, TOPICS),
      count,
      PARTITION,
    ),
    ev(
      5,
      '[Producer clientId=producer-<*>] Connection to node <*> (<*>) could not be established. Broker may not be available.',
      small,
      one('-1', '1', '2', '3'),
      (r) => `broker-${int(r, 0, 3)}.kafka.svc/${ip(r)}:9092`,
    ),
    ev(
      2,
      'Started <*> in <*> seconds (JVM running for <*>)',
      one('OrderServiceApplication', 'BillingApplication'),
      float,
      float,
    ),
    ev(
      2,
      "Tomcat started on port(s): <*> (http) with context path '<*>'",
      one('8080', '8081'),
      one('/api', '/orders'),
    ),
    ev(2, 'HikariPool-<*> - Starting...', small),
    ev(2, 'HikariPool-<*> - Start completed.', small),
    ev(2, 'Completed initialization in <*> ms', count),
    ev(
      2,
      'Exception in thread "<*>" java.lang.IllegalStateException: Connection pool shut down',
      one('main', 'pool-2-thread-1', 'http-nio-8080-exec-4', 'scheduling-1'),
    ),
    ev(
      3,
      '[GroupCoordinator <*>]: Stabilized group <*> generation <*> (__consumer_offsets-<*>) with <*> members',
      small,
      (r) => pick(r, TOPICS),
      count,
      (r) => String(int(r, 0, 49)),
      small,
    ),
    ev(3, 'Fetch offset <*> is out of range for partition <*>, resetting offset', count, PARTITION),
    ev(
      10,
      'User <*> placed order ORD-<*> with <*> items totalling <*>',
      (r) => `${pick(r, ['ann', 'li.wei', 'j.smith', 'omar'])}@example.com`,
      (r) => `2023-${digits(r, 6)}`,
      small,
      (r) => `${(r() * 500).toFixed(2)}`,
    ),
    ev(8, 'GET <*> took <*> status=<*>', apiPath, (r) => `${int(r, 1, 900)}ms`, one('200', '304', '404')),
    ev(3, 'POST <*> took <*> status=<*>', apiPath, (r) => `${int(r, 1, 900)}ms`, one('201', '400')),
    ev(6, 'Cache miss for key <*>', (r) =>
      pick(r, [`user:${int(r, 1, 9999)}`, `session:${hex(r, 12)}`, `product:${int(r, 1, 999)}`]),
    ),
    ev(
      2,
      'Retrying request to <*> (attempt <*> of <*>) after <*>',
      (r) => `https://payments.example.com/v1/charges/${hex(r, 10)}`,
      small,
      small,
      (r) => `${int(r, 100, 5000)}ms`,
    ),
  ],
};

const webSystem: SystemSpec = {
  name: 'WebAccess',
  about: 'nginx access and error logs: Common Log Format times, user agents of varying length',
  events: [
    ev(
      40,
      '<*> - - [<*>] "GET <*> HTTP/1.1" <*> <*> "-" "<*>"',
      publicIp,
      clfTime,
      apiPath,
      one('200', '200', '304', '404'),
      count,
      userAgent,
    ),
    ev(
      8,
      '<*> - - [<*>] "POST <*> HTTP/1.1" <*> <*> "-" "<*>"',
      publicIp,
      clfTime,
      apiPath,
      one('201', '400', '500'),
      count,
      userAgent,
    ),
    ev(
      4,
      '<*> [error] <*>#<*>: *<*> open() "<*>" failed (<*>: No such file or directory), client: <*>, server: <*>, request: "GET <*> HTTP/1.1", host: "<*>"',
      slashDateTime,
      pid,
      small,
      count,
      (r) => `/usr/share/nginx/html${apiPath(r).split('?')[0]}`,
      one('2'),
      publicIp,
      one('example.com', 'shop.example.com', 'api.example.com'),
      apiPath,
      one('example.com', 'shop.example.com', 'api.example.com'),
    ),
    ev(
      3,
      '<*> [warn] <*>#<*>: *<*> an upstream response is buffered to a temporary file <*> while reading upstream, client: <*>, server: <*>, request: "GET <*> HTTP/1.1", upstream: "<*>", host: "<*>"',
      slashDateTime,
      pid,
      small,
      count,
      (r) => `/var/cache/nginx/proxy_temp/${int(r, 1, 9)}/${int(r, 10, 99)}/${digits(r, 10)}`,
      publicIp,
      one('example.com', 'shop.example.com', 'api.example.com'),
      apiPath,
      (r) => `http://${ip(r)}:8080${apiPath(r)}`,
      one('example.com', 'shop.example.com', 'api.example.com'),
    ),
    ev(2, '<*> [notice] <*>#<*>: signal process started', slashDateTime, pid, small),
    ev(
      2,
      '<*> [error] <*>#<*>: *<*> connect() failed (<*>: Connection refused) while connecting to upstream, client: <*>, server: <*>, request: "POST <*> HTTP/1.1", upstream: "<*>", host: "<*>"',
      slashDateTime,
      pid,
      small,
      count,
      one('111'),
      publicIp,
      one('example.com', 'shop.example.com', 'api.example.com'),
      apiPath,
      (r) => `http://${ip(r)}:8080${apiPath(r)}`,
      one('example.com', 'shop.example.com', 'api.example.com'),
    ),
  ],
};

/** Every system of the suite. */
export const SYSTEMS: readonly SystemSpec[] = [
  proxySystem,
  macSystem,
  syslogSystem,
  cloudSystem,
  jvmSystem,
  webSystem,
];

/** Renders one line of `e`: each `<*>` replaced by the next generated value. */
export function renderEvent(e: EventSpec, r: Rand): string {
  const pieces = e.template.split('<*>');
  if (pieces.length - 1 !== e.values.length) {
    throw new Error(
      `template "${e.template}" has ${pieces.length - 1} variables, ${e.values.length} generators`,
    );
  }
  let line = pieces[0]!;
  for (let k = 0; k < e.values.length; k++) line += e.values[k]!(r) + pieces[k + 1]!;
  return line;
}

/** One CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
export function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The labelled lines of one system: `[content, template index]` in order. */
export function generateSystem(spec: SystemSpec, lines: number, seed: number): [string, number][] {
  const r = rng(seed);
  const total = spec.events.reduce((s, e) => s + e.weight, 0);
  const out: [string, number][] = [];
  for (let i = 0; i < lines; i++) {
    let x = r() * total;
    let k = 0;
    while (k < spec.events.length - 1 && x >= spec.events[k]!.weight) {
      x -= spec.events[k]!.weight;
      k++;
    }
    out.push([renderEvent(spec.events[k]!, r), k]);
  }
  return out;
}

/** Seed of the committed suite (bench/synthetic/data); system k uses SUITE_SEED + k. */
export const SUITE_SEED = 20240601;
