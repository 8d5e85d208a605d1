/**
 * The third held-out set of the synthetic suite ("holdout3"): four systems written in pass 4, before
 * any code of that pass changed, in the style of the Loghub systems that are not in the shared
 * Loghub-2k folder: macOS system logs (kernel Wi-Fi lines with timestamps, hex and `Seq: <*>, Ack:
 * <*>` fields), a supercomputer syslog (sshd, PAM, crond, ntpd, dhcpd, InfiniBand subnet manager,
 * kernel lines), OpenStack nova-compute (`[instance: <uuid>]` events, resource audits and API request
 * lines) and a Windows proxy client (`program - host:port open through proxy ...`). Written from
 * general knowledge of these formats: generators, not copies of real files.
 *
 * Labels follow the corrected Loghub-2k conventions as the shared systems show them: every variable
 * is one `<*>` (numbers, ids, addresses with their port, paths, host and user names, a size with its
 * unit as Spark's `estimated size <*>` shows, a list of channels, a timestamp with spaces);
 * punctuation around a variable stays (`(uid=<*>)`, `[<*>]`, `'<*>'.`); a variable part of a
 * compound word keeps the word (`ib_sm_sweep.c:<*>`, `sts:<*>_rsn:<*>`); a unit word after a plain
 * number stays (`took <*> ms`, `<*> Mbps`); state words, HTTP methods and outcome words are part of
 * the event.
 */
import { type EventSpec, ev, type SystemSpec } from './systems.js';
import {
  dec,
  digits,
  type Gen,
  hex,
  int,
  ip,
  mac,
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
// A. macOS system log (kernel, Wi-Fi driver, power management, daemons)

/** Seconds since boot as the Wi-Fi driver prints them (`620651.021206`). */
const UPTIME = (r: Rand) => `${int(r, 100000, 999999)}.${digits(r, 6)}`;
const SEQ = (r: Rand) => digits(r, int(r, 9, 10));
const WIN = (r: Rand) => pick(r, ['4096', '2048', '65535', '131072']);
const CHANNELS = (r: Rand) => {
  const all = [
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 36, 40, 44, 48, 52, 56, 60, 64, 100, 149, 153, 157, 161, 165,
  ];
  return all.slice(0, int(r, 11, all.length)).join(' ');
};
const HEX8 = (r: Rand) => `0x${hex(r, 8)}`;
const HEX4U = (r: Rand) => `0x${hex(r, 4).toUpperCase()}`;
const MAC_CLASS = (r: Rand) =>
  pick(r, [
    'AMSupportURLConnectionDelegate',
    'AMSupportURLSession',
    'CWNetworkProfile',
    'IDSBatchIDQueryController',
  ]);
const DYLIB = (r: Rand) =>
  pick(r, [
    '/usr/lib/libauthinstall.dylib',
    '/System/Library/PrivateFrameworks/MobileDevice.framework/Versions/A/MobileDevice',
    '/System/Library/PrivateFrameworks/CoreWiFi.framework/CoreWiFi',
  ]);
const ADDR64 = (r: Rand) => `0x${pick(r, ['7fff', '10a0', '1103'])}${hex(r, 8)}`;
const MAC_HOST_IP = (r: Rand) =>
  `${pick(r, ['17.248', '17.253', '104.16'])}.${int(r, 0, 255)}.${int(r, 1, 254)}:${pick(r, ['443', '5223', '80'])}`;

const macSystem: SystemSpec = {
  name: 'MacSystem',
  about:
    'macOS system log: Wi-Fi driver lines with uptimes and TCP keepalive fields, power management, daemons (held out, pass 4)',
  events: [
    ev(
      10,
      'ARPT: <*>: wl0: wl_update_tcpkeep_seq: Original Seq: <*>, Ack: <*>, Win size: <*>',
      UPTIME,
      SEQ,
      SEQ,
      WIN,
    ),
    ev(
      10,
      'ARPT: <*>: wl0: wl_update_tcpkeep_seq: Updated seq/ack/win from UserClient Seq <*>, Ack <*>, Win size <*>',
      UPTIME,
      SEQ,
      SEQ,
      WIN,
    ),
    ev(5, 'ARPT: <*>: wl0: setup_keepalive: Seq: <*>, Ack: <*>, Win size: <*>', UPTIME, SEQ, SEQ, WIN),
    ev(
      4,
      'ARPT: <*>: wl0: setup_keepalive: interval <*>, retry_interval <*>, retry_count <*>',
      UPTIME,
      one('900', '180', '60'),
      one('30', '15'),
      one('10', '5', '3'),
    ),
    ev(3, 'ARPT: <*>: wl0: setup_keepalive: Local IP: <*>', UPTIME, ip),
    ev(3, 'ARPT: <*>: wl0: setup_keepalive: Remote IP: <*>', UPTIME, MAC_HOST_IP),
    ev(4, 'ARPT: <*>: wl0: MDNS: <*> SRV Recs, <*> TXT Recs', UPTIME, small, small),
    ev(3, 'ARPT: <*>: AirPort_Brcm43xx::platformWoWEnable: WWEN[disable]', UPTIME),
    ev(3, 'ARPT: <*>: AirPort_Brcm43xx::platformWoWEnable: WWEN[enable]', UPTIME),
    ev(
      3,
      "ARPT: <*>: IOPMPowerSource Information: onSleep, SleepType: Normal Sleep, 'ExternalConnected': <*>, 'TimeRemaining': <*>,",
      UPTIME,
      one('Yes', 'No'),
      (r) => String(int(r, 0, 900)),
    ),
    ev(
      5,
      'AirPort: Link Down on en0. Reason <*> (Disassociated because station leaving).',
      one('8', '8', '3'),
    ),
    ev(4, 'AirPort: Link Up on en0'),
    ev(
      3,
      'en0: channel changed to <*>',
      (r) => `${pick(r, ['1', '6', '11', '36', '149'])},${pick(r, ['+1', '-1', '+1'])}`,
    ),
    ev(2, 'en0: BSSID changed to <*>', mac),
    ev(2, "en0: 802.11d country code set to '<*>'.", one('US', 'X0', 'CN', 'DE')),
    ev(2, 'en0: Supported channels <*>', CHANNELS),
    ev(4, 'IO80211AWDLPeerManager::setAwdlSuspendedMode() Suspending AWDL'),
    ev(4, 'IO80211AWDLPeerManager::setAwdlSuspendedMode() Resuming AWDL'),
    ev(3, 'Bluetooth -- LE is supported - Disable LE meta event'),
    ev(
      3,
      '**** [IOBluetoothHostControllerUSBTransport][SuspendDevice] -- Suspend -- suspendDeviceCallResult = <*> (kIOReturnSuccess) -- <*> ****',
      one('0x0000'),
      HEX4U,
    ),
    ev(3, 'PM response took <*> ms (<*>, powerd)', (r) => String(int(r, 100, 3000)), pid),
    ev(3, 'Previous sleep cause: <*>', small),
    ev(2, 'hibernate_setup(<*>) took <*> ms', small, (r) => String(int(r, 100, 9000))),
    ev(2, 'hibernate_page_list_setall found pageCount <*>', (r) => digits(r, 6)),
    ev(2, 'hibernate_flush_memory: buffer_cache_gc freed up <*> wired pages', (r) =>
      String(int(r, 100, 9999)),
    ),
    ev(3, 'AppleCamIn::systemWakeCall - messageType = <*>', HEX8),
    ev(3, 'AppleCamIn::wakeEventHandlerGated - wakeChangeState = <*>', small),
    ev(2, 'AppleCamIn::handleWakeEvent_gated'),
    ev(3, 'Thermal pressure state: <*> Memory pressure state: <*>', small, small),
    ev(3, 'network changed: v4(en0:<*>) DNS+ Proxy+ SMB', ip),
    ev(
      2,
      'CCFile::captureLog Received Capture notice id: <*>, reason = AuthFail:sts:<*>_rsn:<*>',
      (r) => `${digits(r, 10)}.${digits(r, 6)}`,
      small,
      small,
    ),
    ev(
      2,
      'tcp_connection_destination_perform_socket_connect <*> connectx to <*> failed: [<*>] No route to host',
      (r) => String(int(r, 100, 9999)),
      MAC_HOST_IP,
      one('65'),
    ),
    ev(
      2,
      'NSURLSession/NSURLConnection HTTP load failed (kCFStreamErrorDomainSSL, <*>)',
      one('-9802', '-9806', '-9813'),
    ),
    ev(
      1,
      'Class <*> is implemented in both <*> (<*>) and <*> (<*>). One of the two will be used. Which one is undefined.',
      MAC_CLASS,
      DYLIB,
      ADDR64,
      DYLIB,
      ADDR64,
    ),
    ev(
      2,
      'Sandbox: <*>(<*>) deny(<*>) network-outbound /private/var/run/mDNSResponder',
      one('com.apple.WebKit', 'QQ', 'WeChat', 'Safari', 'mdworker'),
      pid,
      one('1', '1', '2'),
    ),
  ],
};

// ---------------------------------------------------------------------------------------------
// B. Supercomputer syslog (sshd, PAM, crond, ntpd, dhcpd, InfiniBand subnet manager, kernel)

const TB_HOST = (r: Rand) =>
  pick(r, [
    `an${int(r, 1, 999)}`,
    `bn${int(r, 1, 999)}`,
    `dn${int(r, 1, 999)}`,
    `tbird-admin${int(r, 1, 2)}`,
    `tbird-sm${int(r, 1, 4)}`,
  ]);
const TB_IP = (r: Rand) => `10.100.${int(r, 0, 31)}.${int(r, 1, 254)}`;
const TB_USER = (r: Rand) =>
  pick(r, ['root', 'root', 'root', 'nagios', 'ganglia', 'jsmith', 'mpiuser', 'ops']);
const GUID = (r: Rand) => `0x${pick(r, ['0002c901', '0008f104'])}${hex(r, 8)}`;
const ETH = (r: Rand) => `eth${int(r, 0, 3)}`;

const tbirdSyslog: SystemSpec = {
  name: 'ClusterSyslog',
  about:
    'supercomputer syslog: sshd, PAM sessions, crond, ntpd, dhcpd, InfiniBand subnet manager and kernel messages (held out, pass 4)',
  events: [
    ev(14, 'session opened for user <*> by (uid=<*>)', TB_USER, one('0', '0', '0', '500')),
    ev(14, 'session closed for user <*>', TB_USER),
    ev(6, 'Accepted publickey for <*> from <*> port <*> ssh2', TB_USER, TB_IP, port),
    ev(2, 'Accepted password for <*> from <*> port <*> ssh2', TB_USER, TB_IP, port),
    ev(3, 'Connection closed by <*>', TB_IP),
    ev(2, 'Did not receive identification string from <*>', TB_IP),
    ev(1, 'Server listening on <*> port <*>.', one('0.0.0.0', '::'), one('22', '2222')),
    ev(1, 'Received signal <*>; terminating.', one('15', '1')),
    ev(
      2,
      'pam_unix(sshd:auth): authentication failure; logname= uid=<*> euid=<*> tty=NODEVssh ruser= rhost=<*> user=<*>',
      one('0'),
      one('0'),
      TB_HOST,
      TB_USER,
    ),
    ev(1, 'check pass; user unknown'),
    ev(
      8,
      '(<*>) CMD (run-parts <*>)',
      one('root', 'root', 'ops'),
      one('/etc/cron.hourly', '/etc/cron.daily'),
    ),
    ev(
      2,
      '(<*>) CMD (<*>)',
      one('root', 'nagios'),
      one('/usr/lib/sa/sa1 1 1', '/usr/sbin/ntpdate -s tbird-admin1', '/opt/ganglia/bin/gmetric.sh'),
    ),
    ev(4, 'synchronized to <*>, stratum <*>', TB_IP, one('2', '3', '4')),
    ev(1, 'kernel time sync status change <*>', one('0001', '4001', '2001')),
    ev(4, 'DHCPREQUEST for <*> from <*> via <*>', TB_IP, mac, ETH),
    ev(4, 'DHCPACK on <*> to <*> via <*>', TB_IP, mac, ETH),
    ev(
      1,
      'DHCPDISCOVER from <*> via <*>: network <*>: no free leases',
      mac,
      ETH,
      (r) => `10.100.${int(r, 0, 31)}.0/24`,
    ),
    ev(5, '[ib_sm_sweep.c:<*>]: No topology change', one('1831')),
    ev(4, '[ib_sm_sweep.c:<*>]: No configuration change required', one('1455')),
    ev(3, '[ib_sm_sweep.c:<*>]: ********************** NEW SWEEP ********************', one('564')),
    ev(2, '[ib_sm_discover.c:<*>]: Switch <*> has <*> ports', one('1190'), GUID, one('24', '96', '144')),
    ev(2, '[ib_sm_bringup.c:<*>]: Program switch <*> port <*> to ACTIVE', one('566'), GUID, (r) =>
      String(int(r, 1, 24)),
    ),
    ev(2, 'e1000: <*>: e1000_watchdog: NIC Link is Up <*> Mbps Full Duplex', ETH, one('1000', '100')),
    ev(1, 'e1000: <*>: e1000_watchdog: NIC Link is Down', ETH),
    ev(1, 'Out of Memory: Killed process <*> (<*>).', pid, one('pbs_mom', 'mpirun', 'a.out', 'lmp_linux')),
    ev(
      1,
      'ACPI: PCI Interrupt <*>[<*>] -> GSI <*> (level, low) -> IRQ <*>',
      (r) => `0000:${pad(int(r, 0, 9), 2)}:${pad(int(r, 0, 31), 2)}.${int(r, 0, 1)}`,
      one('A', 'B'),
      (r) => String(int(r, 16, 48)),
      (r) => String(int(r, 16, 233)),
    ),
    ev(1, 'mptscsih: ioc0: attempting task abort! (sc=<*>)', (r) => hex(r, 16)),
    ev(1, 'GM: LANai is not running. Allowing port=<*> open for debugging', small),
    ev(1, 'START: <*> pid=<*> from=<*>', one('rsync', 'auth'), pid, TB_IP),
    ev(1, 'warning: unable to look up public/pickup: No such file or directory'),
    ev(1, 'fatal: Read from socket failed: Connection reset by peer'),
  ],
};

// ---------------------------------------------------------------------------------------------
// C. OpenStack nova-compute (content after the request id, which the header holds)

const NOVA_HOST = (r: Rand) => `cp-${int(r, 1, 9)}.cloud${int(r, 1, 3)}.rack-pg0.example.org`;
const TENANT = (r: Rand) => pick(r, ['e9746973ac574c6b8a9e8857f56a7608', '54fadb412c4e40cdbaed9335e4c35a9e']);
const BASE = (r: Rand) => `/var/lib/nova/instances/_base/${hex(r, 40)}`;
const SECS = (r: Rand) => dec(r, 30, 2);
const REQ_TIME = (r: Rand) => `0.${digits(r, 7)}`;
const API_PATH = (r: Rand) =>
  pick(r, [
    `/v2/${TENANT(r)}/servers/detail`,
    `/v2/${TENANT(r)}/servers/detail?changes-since=2017-05-16T${pad(int(r, 0, 23), 2)}%3A${pad(int(r, 0, 59), 2)}%3A00.000000`,
    `/v2/${TENANT(r)}/servers/${uuid(r)}`,
    `/v2/${TENANT(r)}/os-server-external-events`,
  ]);
const NOVA_CLIENT = (r: Rand) => pick(r, ['10.11.10.1', '10.11.21.130', '10.11.21.131']);
const STAMP = (r: Rand) => `2017-05-${pad(int(r, 14, 17), 2)} ${pad(int(r, 0, 23), 2)}:00:00`;

const novaCompute: SystemSpec = {
  name: 'NovaCompute',
  about:
    'OpenStack nova-compute and nova-api: instance lifecycle, claims, resource audits, image cache, request lines (held out, pass 4)',
  events: [
    ev(
      22,
      '<*> "GET <*> HTTP/1.1" status: <*> len: <*> time: <*>',
      NOVA_CLIENT,
      API_PATH,
      one('200', '200', '200', '404'),
      (r) => String(int(r, 200, 2000)),
      REQ_TIME,
    ),
    ev(
      4,
      '<*> "POST <*> HTTP/1.1" status: <*> len: <*> time: <*>',
      NOVA_CLIENT,
      (r) => `/v2/${TENANT(r)}/os-server-external-events`,
      one('200', '202'),
      (r) => String(int(r, 200, 600)),
      REQ_TIME,
    ),
    ev(
      2,
      '<*> "DELETE <*> HTTP/1.1" status: <*> len: <*> time: <*>',
      NOVA_CLIENT,
      (r) => `/v2/${TENANT(r)}/servers/${uuid(r)}`,
      one('204'),
      (r) => String(int(r, 200, 300)),
      REQ_TIME,
    ),
    ev(4, '[instance: <*>] VM Started (Lifecycle Event)', uuid),
    ev(3, '[instance: <*>] VM Paused (Lifecycle Event)', uuid),
    ev(3, '[instance: <*>] VM Resumed (Lifecycle Event)', uuid),
    ev(4, '[instance: <*>] VM Stopped (Lifecycle Event)', uuid),
    ev(3, '[instance: <*>] During sync_power_state the instance has a pending task (spawning). Skip.', uuid),
    ev(3, '[instance: <*>] Took <*> seconds to spawn the instance on the hypervisor.', uuid, SECS),
    ev(3, '[instance: <*>] Took <*> seconds to build instance.', uuid, SECS),
    ev(3, '[instance: <*>] Took <*> seconds to destroy the instance on the hypervisor.', uuid, SECS),
    ev(2, '[instance: <*>] Took <*> seconds to deallocate network for instance.', uuid, SECS),
    ev(
      3,
      '[instance: <*>] Attempting claim: memory <*> MB, disk <*> GB, vcpus <*> CPU',
      uuid,
      one('512', '2048', '4096'),
      one('1', '20', '40'),
      one('1', '2', '4'),
    ),
    ev(
      3,
      '[instance: <*>] Total memory: <*> MB, used: <*> MB',
      uuid,
      one('64172'),
      (r) => `${int(r, 512, 9000)}.00`,
    ),
    ev(
      3,
      '[instance: <*>] memory limit: <*> MB, free: <*> MB',
      uuid,
      one('96258.00'),
      (r) => `${int(r, 80000, 96000)}.00`,
    ),
    ev(3, '[instance: <*>] Total disk: <*> GB, used: <*> GB', uuid, one('15'), (r) => `${int(r, 0, 40)}.00`),
    ev(3, '[instance: <*>] disk limit not specified, defaulting to unlimited', uuid),
    ev(
      3,
      '[instance: <*>] Total vcpu: <*> VCPU, used: <*> VCPU',
      uuid,
      one('16'),
      (r) => `${int(r, 0, 8)}.00`,
    ),
    ev(3, '[instance: <*>] vcpu limit not specified, defaulting to unlimited', uuid),
    ev(3, '[instance: <*>] Claim successful', uuid),
    ev(3, '[instance: <*>] Creating image', uuid),
    ev(3, '[instance: <*>] Terminating instance', uuid),
    ev(3, '[instance: <*>] Instance destroyed successfully.', uuid),
    ev(
      2,
      '[instance: <*>] Deleting instance files <*>',
      uuid,
      (r) => `/var/lib/nova/instances/${uuid(r)}_del`,
    ),
    ev(2, '[instance: <*>] Deletion of <*> complete', uuid, (r) => `/var/lib/nova/instances/${uuid(r)}_del`),
    ev(3, 'Compute_service record updated for <*>:<*>', NOVA_HOST, NOVA_HOST),
    ev(3, 'Auditing locally available compute resources for node <*>', NOVA_HOST),
    ev(
      3,
      'Final resource view: name=<*> phys_ram=<*> used_ram=<*> phys_disk=<*> used_disk=<*> total_vcpus=<*> used_vcpus=<*> pci_stats=[]',
      NOVA_HOST,
      one('64172MB'),
      (r) => `${int(r, 512, 9000)}MB`,
      one('15GB'),
      (r) => `${int(r, 0, 40)}GB`,
      one('16'),
      small,
    ),
    ev(3, 'Total usable vcpus: <*>, total allocated vcpus: <*>', one('16'), small),
    ev(2, 'image <*> at (<*>): checking', uuid, BASE),
    ev(
      2,
      'image <*> at (<*>): in use: on this node <*> local, <*> on other nodes sharing this instance storage',
      uuid,
      BASE,
      small,
      small,
    ),
    ev(2, 'Active base files: <*>', BASE),
    ev(1, 'Unknown base file: <*>', BASE),
    ev(1, 'Removable base files: <*>', BASE),
    ev(1, 'Base or swap file too young to remove: <*>', BASE),
    ev(1, "Successfully synced instances from host '<*>'.", NOVA_HOST),
    ev(1, "The instance sync for host '<*>' did not match. Re-created its InstanceList.", NOVA_HOST),
    ev(
      1,
      'Running instance usage audit for host <*> from <*> to <*>. <*> instances.',
      NOVA_HOST,
      STAMP,
      STAMP,
      small,
    ),
    ev(1, 'HTTP exception thrown: No instances found for any event'),
  ],
};

// ---------------------------------------------------------------------------------------------
// D. Windows proxy client: program first, then destination, proxy and transfer counts

const PROGRAMS = [
  'chrome.exe',
  'chrome.exe',
  'firefox.exe',
  'Dropbox.exe',
  'OneDrive.exe',
  'Teams.exe',
  'git-remote-https.exe',
  'SearchApp.exe',
  'YodaoDict.exe',
  'WeChat.exe',
  'msedge.exe',
  'Slack.exe',
  'AcroRd32.exe',
];
const PROG = (r: Rand) => {
  const p = pick(r, PROGRAMS);
  return r() < 0.05 ? `${p} *64` : p;
};
const HOSTS = [
  'www.bing.com',
  'clients2.google.com',
  'update.googleapis.com',
  'client-lb.dropbox.com',
  'graph.microsoft.com',
  'github.com',
  'dict.youdao.com',
  'short.weixin.qq.com',
  'static.example-cdn.net',
];
const DEST = (r: Rand) =>
  r() < 0.25
    ? `${publicIp(r)}:${pick(r, ['80', '443'])}`
    : `${pick(r, HOSTS)}:${pick(r, ['443', '443', '80'])}`;
const PROXY = (r: Rand) =>
  pick(r, ['proxy.corp.example.com:5070', 'proxy.corp.example.com:5070', 'socks.corp.example.com:1080']);
const BYTES = (r: Rand) => String(int(r, 0, 1023));
/** A byte count of 1 KB or more with its size in parentheses, as the client writes it. */
const KB_PAIR = (r: Rand): [string, string] => {
  const n = int(r, 1024, r() < 0.8 ? 1_048_575 : 90_000_000);
  const size = n < 1_048_576 ? `${(n / 1024).toFixed(2)} KB` : `${(n / 1_048_576).toFixed(2)} MB`;
  return [String(n), size];
};
const LIFETIME = (r: Rand) => {
  const x = r();
  if (x < 0.4) return '<1 sec';
  if (x < 0.9) return `${pad(int(r, 0, 59), 2)}:${pad(int(r, 0, 59), 2)}`;
  return `${pad(int(r, 1, 23), 2)}:${pad(int(r, 0, 59), 2)}:${pad(int(r, 0, 59), 2)}`;
};

/**
 * A close line whose sent and received parts each come with or without a size: the four events
 * share one generator so that the number and its size stay consistent.
 */
const closeEvent = (weight: number, sentKb: boolean, recvKb: boolean): EventSpec => {
  const part = (kb: boolean) => (kb ? '<*> bytes (<*>)' : '<*> bytes');
  const template = `<*> - <*> close, ${part(sentKb)} sent, ${part(recvKb)} received, lifetime <*>`;
  // Pairs are drawn lazily: each `<*>` of a sized part takes the count, then the size.
  let pending: string | null = null;
  const count =
    (kb: boolean): Gen =>
    (r) => {
      if (!kb) return BYTES(r);
      const [n, size] = KB_PAIR(r);
      pending = size;
      return n;
    };
  const sizeOf: Gen = () => {
    const s = pending!;
    pending = null;
    return s;
  };
  const values: Gen[] = [PROG, DEST, count(sentKb)];
  if (sentKb) values.push(sizeOf);
  values.push(count(recvKb));
  if (recvKb) values.push(sizeOf);
  values.push(LIFETIME);
  return { weight, template, values };
};

const proxyClient: SystemSpec = {
  name: 'ProxyClient',
  about:
    'Windows proxy client: program name first, destination, proxy, byte counts with sizes (held out, pass 4)',
  events: [
    ev(26, '<*> - <*> open through proxy <*> HTTPS', PROG, DEST, PROXY),
    ev(6, '<*> - <*> open through proxy <*> SOCKS5', PROG, DEST, PROXY),
    ev(3, '<*> - <*> open directly', PROG, DEST),
    closeEvent(10, false, false),
    closeEvent(8, false, true),
    closeEvent(3, true, false),
    closeEvent(14, true, true),
    ev(
      3,
      '<*> - <*> error : Could not connect to proxy <*> - connection attempt failed with error <*>',
      PROG,
      DEST,
      PROXY,
      one('10060', '10061'),
    ),
    ev(2, '<*> - <*> error : A connection request was canceled before the completion.', PROG, DEST),
    ev(
      1,
      '<*> - <*> error : Could not connect through proxy <*> - Proxy server cannot establish a connection with the target, status code <*>',
      PROG,
      DEST,
      PROXY,
      one('502', '504'),
    ),
    ev(1, '<*> - Could not resolve <*> error <*>', PROG, (r) => pick(r, HOSTS), one('11001', '11004')),
    ev(1, '<*> - <*> error : Connection closed unexpectedly.', PROG, DEST),
  ],
};

/** The third held-out set (pass 4). */
export const HOLDOUT3_SYSTEMS: readonly SystemSpec[] = [macSystem, tbirdSyslog, novaCompute, proxyClient];
