import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskLine } from './line-masker.js';
import { scanLine } from './line-scanner.js';
import { maskToken } from './token-masker.js';

const m = (line: string) => maskLine(line).join(' ');

describe('maskLine', () => {
  it.each([
    ['IPv4', 'from 10.251.73.220 closed', 'from <*> closed'],
    ['IPv4 with port', 'to 10.251.73.220:50010 ok', 'to <*> ok'],
    ['IPv6', 'peer fe80::1ff:fe23:4567:890a up', 'peer <*> up'],
    ['IPv6 with port', 'peer [2001:db8::1]:8443 up', 'peer [<*>]:<*> up'],
    ['UUID', 'instance 123e4567-e89b-12d3-a456-426614174000 started', 'instance <*> started'],
    ['hex with 0x', 'mask 0x05 at 0x0b85eee0', 'mask <*> at <*>'],
    ['bare hex id', 'token df0798e released', 'token <*> released'],
    ['integers and floats', 'took 1072 of 3.25 and -17', 'took <*> of <*> and <*>'],
    ['absolute path', 'loading /etc/httpd/conf/workers2.properties', 'loading <*>'],
    ['Windows path', 'open C:\\Windows\\System32\\x.dll failed', 'open <*> failed'],
    ['relative path', 'wrote ./out/run.log and a/b/c', 'wrote <*> and <*>'],
    ['URL', 'GET https://api.example.com/v1/items?id=3&x=y done', 'GET <*> done'],
    ['email', 'mail to john.doe@example.com sent', 'mail to <*> sent'],
    ['syslog timestamp', 'connection at Fri Jun 17 07:07:00 2005', 'connection at <*>'],
    ['timestamp with zone', 'status=M Fri Jul 01 08:16:53 PDT 2005', 'status=M <*>'],
    ['ISO date and time', '2024-01-02 10:00:00,123 INFO started', '<*> INFO started'],
    ['ISO timestamp token', 'at 2016-09-27T20:30:31.455Z ok', 'at <*> ok'],
    ['duration with unit', 'expired after 10000ms and 1.5s', 'expired after <*> and <*>'],
    ['duration with separate unit', 'took 160 ms', 'took <*> ms'],
    ['size with separate unit', '(estimated size 5.2 KB, free 3 MB)', '(estimated size <*>, free <*>)'],
    [
      'size with separate unit before more words',
      'up: 1.08 KB sent, 2.5 MB received',
      'up: <*> sent, <*> received',
    ],
    [
      'size ending a field outside parentheses keeps its unit',
      'Total disk: 15 GB, used: 0.00 GB',
      'Total disk: <*> GB, used: <*> GB',
    ],
    [
      'key=value values',
      'uid=0 euid=0 tty=ssh ruser= rhost=5.36.59.76',
      'uid=<*> euid=<*> tty=ssh ruser= rhost=<*>',
    ],
    ['booleans and null', 'ready=true,mode=false name=null', 'ready=<*>,mode=<*> name=<*>'],
    ['identifiers with numeric parts', 'block blk_-6952295868487656571 rdd_2_0', 'block <*> <*>'],
    ['host names with digits', 'resolved 24-54-76-216.bflony.adelphia.net', 'resolved <*>'],
    ['host:port', 'connect to msra-sa-41:8030. retry', 'connect to <*>. retry'],
    [
      'underscore names whose parts are words stay (e1000_watchdog), ids do not',
      'e1000: eth0: e1000_watchdog: NIC Link is Up, task_abc1234 rdd_2_0',
      'e1000: eth0: e1000_watchdog: NIC Link is Up, <*> <*>',
    ],
    [
      'short names joined by slashes are a list of fields, not a path',
      'Updated seq/ack/win from UserClient, wrote mapred/system/job.jar and a/b/c',
      'Updated seq/ack/win from UserClient, wrote <*> and <*>',
    ],
    [
      'names with a model number inside stay, ids do not',
      'IO80211AWDLPeerManager::setAwdlSuspendedMode() Brcm4360Driver user12345 ab12c34567',
      'IO80211AWDLPeerManager::setAwdlSuspendedMode() Brcm4360Driver <*> <*>',
    ],
    [
      'source file with a line number (not a host:port)',
      '[ib_sm_sweep.c:1831]: No topology change at Foo.java:88 via node.example.com:8080',
      '[ib_sm_sweep.c:<*>]: No topology change at Foo.java:<*> via <*>',
    ],
    ['slash-prefixed ip:port', 'request /10.10.34.11:45307', 'request <*>:<*>'],
    ['numbered word parts', 'generating core.2275 on node-129', 'generating core.<*> on node-<*>'],
    ['versions', 'Security Scaffold v1.0.0 initialized', 'Security Scaffold <*> initialized'],
    ['MAC address', 'chip FF:F2:9F:16:E2:23:00:0D:60:E9:1D:DC ok', 'chip <*> ok'],
    ['a bound with its time unit', 'lifetime <1 sec', 'lifetime <*>'],
    ['a bound with a comparison', 'latency >=250 ms, p99 ~3', 'latency <*>, p99 <*>'],
    [
      'thousands separators',
      'close, 1,110 bytes sent, 12,345,678 received',
      'close, <*> bytes sent, <*> received',
    ],
    ['a size in parentheses', '1,110 bytes (1.08 KB) sent', '<*> bytes (<*>) sent'],
    [
      'a number in angle brackets',
      'IOThunderboltSwitch<0>(0x0)::listenerCallback',
      'IOThunderboltSwitch<<*>>(<*>)::listenerCallback',
    ],
    ['a number behind a sigil', 'conn *5 open, $12 paid', 'conn *<*> open, $<*> paid'],
    ['pairs that are not thousands', 'bnds=[0,0][1080,1920] (12,345)', 'bnds=[<*>,<*>][<*>,<*>] (<*>,<*>)'],
    [
      'Common Log Format times',
      '10.1.2.3 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1"',
      '<*> - - [<*>] "GET / HTTP/1.1"',
    ],
  ])('masks %s', (_name, line, expected) => {
    expect(m(line)).toBe(expected);
  });

  it.each([
    ['ordinary words', 'Interrupted while waiting for message on queue'],
    ['words with a digit', 'Failed password for root port ssh2 via tty2'],
    ['dotted names', 'mapred.tip.id is deprecated'],
    ['constant key=value', 'tty=NODEVssh ruser='],
    ['hex-looking words', 'data store interrupt caused by dcbf'],
    ['protocol versions', '"GET <*> HTTP/1.1" status'],
    ['underscore names with a digit-led word', 'enable_2G:on via wl_update_tcpkeep_seq'],
  ])('keeps %s', (_name, line) => {
    expect(m(line)).toBe(line);
  });

  it('normalises whitespace to single spaces', () => {
    expect(m('  a \t b   c  ')).toBe('a b c');
    expect(m('')).toBe('');
    expect(m('   ')).toBe('');
  });

  it('folds tokens beyond the cap into one trailing variable', () => {
    const line = Array.from({ length: 10 }, (_, i) => `w${String.fromCharCode(97 + i)}`).join(' ');
    expect(scanLine(line, 4)).toBe('wa wb wc <*>');
  });

  it('never produces touching wildcards (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ab1 :/.-_=<*>,@x0F') }), (s) => {
        expect(m(s)).not.toContain('<*><*>');
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(m(s)).not.toContain('<*><*>');
      }),
      { numRuns: 1000 },
    );
  });

  it('masks number-like tokens on its fast paths exactly as the token masker does (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789..aZf_x-é'), minLength: 1 }), (body) => {
        const tok = `1${body}`;
        expect(scanLine(`a ${tok} b`, 256)).toBe(`a ${maskToken(tok)} b`);
      }),
      { numRuns: 5000 },
    );
  });

  it('is stable: masking a masked line changes nothing (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ab1 :/.-_=,x0FT') }), (s) => {
        const once = m(s);
        expect(m(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });
});
