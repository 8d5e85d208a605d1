import { describe, expect, it } from 'vitest';
import { LogClusterer } from './clusterer.js';
import { OptionsError } from './config.js';
import { mergeSnapshots } from './snapshot/merge.js';
import { fnv1a64Hex } from './util/fnv64.js';

describe('LogClusterer.learn', () => {
  it('returns the template, its stable id and the variable values', () => {
    const c = new LogClusterer();
    const a = c.learn('Failed password for root from 10.0.0.1 port 22 ssh2');
    expect(a.template).toBe('Failed password for root from <*> port <*> ssh2');
    expect(a.patternId).toBe(fnv1a64Hex(a.template));
    expect(a.params).toEqual(['10.0.0.1', '22']);
    expect(a.isNew).toBe(true);
    const b = c.learn('Failed password for root from 10.0.0.2 port 4022 ssh2');
    expect(b.patternId).toBe(a.patternId);
    expect(b.isNew).toBe(false);
    expect(b.params).toEqual(['10.0.0.2', '4022']);
  });

  it('keeps one-word differences as separate patterns until a position has more than two words', () => {
    const c = new LogClusterer();
    const start = c.learn('worker pool start requested');
    const end = c.learn('worker pool end requested');
    expect(start.template).toBe('worker pool start requested');
    expect(end.template).toBe('worker pool end requested');
    expect(end.templateChanged).toBe(false);
    const third = c.learn('worker pool drain requested');
    expect(third.template).toBe('worker pool <*> requested');
    expect(third.templateChanged).toBe(true);
    expect(third.changes).toEqual(
      expect.arrayContaining([
        { from: start.patternId, to: third.patternId },
        { from: end.patternId, to: third.patternId },
      ]),
    );
    // Old ids resolve to the id that replaced them.
    expect(c.resolveId(start.patternId)).toBe(third.patternId);
    expect(c.patterns().map((p) => [p.template, p.count])).toEqual([['worker pool <*> requested', 3]]);
  });

  it('gives the same ids in separate instances for the same input', () => {
    const lines = ['a 1 b', 'a 2 b', 'x y z', 'x y w', 'x y v'];
    const one = new LogClusterer().learnBatch(lines).map((r) => r.patternId);
    const two = new LogClusterer().learnBatch(lines).map((r) => r.patternId);
    expect(one).toEqual(two);
  });

  it('folds a variable spanning a varying number of tokens into one <*>', () => {
    const c = new LogClusterer();
    const parsed = c.parseAll([
      'ask 10.0.0.1 to delete 1',
      'ask 10.0.0.2 to delete 1 2 3',
      'ask 10.0.0.3 to delete 4 5',
    ]);
    expect(parsed.map((p) => p.template)).toEqual([
      'ask <*> to delete <*>',
      'ask <*> to delete <*>',
      'ask <*> to delete <*>',
    ]);
  });

  it('keeps runs of variables with a fixed length', () => {
    const c = new LogClusterer();
    const r = c.parseAll(['Fan speeds ( 3552 3534 3375 )', 'Fan speeds ( 3552 3552 3391 )']);
    expect(r[0]!.template).toBe('Fan speeds ( <*> <*> <*> )');
  });

  it('splits header fields from the content with a header format', () => {
    const c = new LogClusterer({ headerFormat: '<Date> <Time> <Level> <Component>: <Content>' });
    const r = c.learn(
      '081109 203615 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865 terminating',
    );
    expect(r.header).toEqual({
      Date: '081109',
      Time: '203615',
      Level: 'INFO',
      Component: 'dfs.DataNode$PacketResponder',
    });
    expect(r.template).toBe('PacketResponder <*> for block <*> terminating');
    // A line that does not match the format is clustered whole.
    expect(c.learn('garbage').header).toBeNull();
  });

  it('applies extra masking rules before the built-in ones', () => {
    const c = new LogClusterer({ extraMasks: [{ name: 'order', pattern: 'ORD-[A-Z]+' }] });
    expect(c.learn('order ORD-ABCD shipped').template).toBe('order <*> shipped');
    expect(c.learn('order ORD-XY shipped to (ORD-Q)').template).toBe('order <*> shipped to (<*>)');
  });

  it('truncates long lines and flags them', () => {
    const c = new LogClusterer({ maxLineLength: 32 });
    const r = c.learn(`start ${'x'.repeat(100)} end`);
    expect(r.truncated).toBe(true);
    expect(r.template.length).toBeLessThanOrEqual(32);
    expect(c.learn('short line').truncated).toBe(false);
  });

  it('folds tokens beyond maxTokens into one variable and flags it', () => {
    const c = new LogClusterer({ maxTokens: 4 });
    const r = c.learn('a b c d e f g');
    expect(r.template).toBe('a b c <*>');
    expect(r.truncated).toBe(true);
  });

  it('evicts the least recently used clusters beyond maxClusters', () => {
    const c = new LogClusterer({ maxClusters: 10 });
    for (let i = 0; i < 100; i++) c.learn(`event${String.fromCharCode(97 + (i % 26))}${i} happened once`);
    expect(c.clusterCount).toBeLessThanOrEqual(10);
    expect(c.patternCount).toBeLessThanOrEqual(10);
  });

  it('caps exact templates per cluster by generalising the most varied position', () => {
    const c = new LogClusterer({ maxPatternsPerCluster: 3, maxSplitValues: 64 });
    for (const w of ['alpha', 'beta', 'gamma', 'delta', 'epsilon']) c.learn(`state changed to ${w} now`);
    expect(c.patterns().map((p) => p.template)).toEqual(['state changed to <*> now']);
  });
});

describe('LogClusterer on styles beyond the Loghub-2k systems', () => {
  const templates = (lines: string[]) => new LogClusterer().parseAll(lines).map((p) => p.template);

  it('generalises a first word that is a variable (program names in front of the event)', () => {
    const out = templates([
      'chrome.exe - proxy.example.com:5070 open through proxy proxy.example.com:5070 HTTPS',
      'Dropbox.exe - 10.0.0.1:443 open through proxy proxy.example.com:5070 HTTPS',
      'firefox.exe - www.google.com:443 open through proxy proxy.example.com:5070 HTTPS',
    ]);
    expect(new Set(out)).toEqual(new Set(['<*> - <*> open through proxy <*> HTTPS']));
  });

  it('keeps a first word that names the event when little else is shared', () => {
    const out = templates([
      'boot (command 12)',
      'wait (command 13)',
      'halt (command 14)',
      'cupsd startup succeeded',
    ]);
    expect(out).toEqual([
      'boot (command <*>)',
      'wait (command <*>)',
      'halt (command <*>)',
      'cupsd startup succeeded',
    ]);
  });

  it('treats `program[pid]:` prefixes like any other position', () => {
    const out = templates([
      'sshd[123]: session opened for user root',
      'cron[55]: session opened for user root',
      'login[7]: session opened for user root',
    ]);
    expect(new Set(out)).toEqual(new Set(['<*>[<*>]: session opened for user root']));
  });

  it('joins clusters of one event that split because two positions varied at once', () => {
    const c = new LogClusterer();
    c.learn('sshd[1]: session closed for user root');
    // Differs in the program and the user: a cluster of its own for now.
    const early = c.learn('login[2]: session closed for user oracle');
    expect(early.template).toBe('login[<*>]: session closed for user oracle');
    // A second program name of the same shape (`<name>[<*>]:`, a name with a variable part) makes
    // the first position a variable; the early cluster now differs from it in the user only, and
    // joins it.
    const joined = c.learn('su[3]: session closed for user root');
    expect(joined.changes.map((x) => x.from)).toContain(early.patternId);
    c.learn('crond[4]: session closed for user root');
    c.learn('sshd[5]: session closed for user guest');
    expect(c.patterns().map((p) => [p.template, p.count])).toEqual([
      ['<*>[<*>]: session closed for user <*>', 5],
    ]);
    expect(c.resolveId(early.patternId)).toBe(c.patterns()[0]!.patternId);
  });

  it('keeps up to four capitalised states apart (Started/Paused/Resumed/Stopped)', () => {
    const states = ['Started', 'Paused', 'Resumed', 'Stopped'];
    const out = templates(
      states.map(
        (s, i) => `[instance: 9f3c${i}a00-0000-4000-8000-00000000000${i}] VM ${s} (Lifecycle Event)`,
      ),
    );
    expect(out).toEqual(states.map((s) => `[instance: <*>] VM ${s} (Lifecycle Event)`));
  });

  it('treats class names (CamelCase with humps) as values, not states', () => {
    const classes = ['CWNetworkProfile', 'AMSupportURLSession', 'IDSBatchIDQueryController'];
    const out = templates(
      classes.map((k) => `Class ${k} is implemented in both /usr/lib/a.dylib and /usr/lib/b.dylib`),
    );
    expect(out[2]).toBe('Class <*> is implemented in both <*> and <*>');
  });

  it('makes a quoted or bracketed word a variable from its second value', () => {
    const out = templates([
      'MountVolume.SetUp failed for volume "config" : configmap not found',
      'MountVolume.SetUp failed for volume "settings" : configmap not found',
      'job (root) CMD (run-parts /etc/cron.hourly)',
      'job (ops) CMD (run-parts /etc/cron.daily)',
    ]);
    expect(out).toEqual([
      'MountVolume.SetUp failed for volume "<*>" : configmap not found',
      'MountVolume.SetUp failed for volume "<*>" : configmap not found',
      'job (<*>) CMD (run-parts <*>)',
      'job (<*>) CMD (run-parts <*>)',
    ]);
  });

  it('joins lines whose first token is an enclosed word with few shared words', () => {
    const out = templates([
      '(root) CMD (run-parts /etc/cron.hourly)',
      '(ops) CMD (run-parts /etc/cron.daily)',
      'boot (command 1)',
      'wait (command 2)',
    ]);
    expect(out).toEqual([
      '(<*>) CMD (run-parts <*>)',
      '(<*>) CMD (run-parts <*>)',
      'boot (command <*>)',
      'wait (command <*>)',
    ]);
  });

  it('fills a quoted variable with a value that has spaces', () => {
    const out = templates([
      'acquire lock=1, tag="WindowManager", uid=1000',
      'acquire lock=2, tag="AudioMix", uid=1000',
      'acquire lock=3, tag="RILJ", uid=1001',
      'acquire lock=4, tag="View Lock", uid=1002',
      'acquire lock=5, tag="*alarm* com.example/.Sync Service", uid=1003',
    ]);
    expect(new Set(out)).toEqual(new Set(['acquire lock=<*>, tag="<*>", uid=<*>']));
  });

  it('writes a variable spread over a value and a marker (`chrome.exe *64`) as one', () => {
    const out = templates([
      'chrome.exe - a.example.com:443 close, 10 bytes sent, 20 bytes received, lifetime 00:01',
      'Teams.exe - b.example.com:443 close, 11 bytes sent, 21 bytes received, lifetime <1 sec',
      'slack.exe - c.example.com:443 close, 12 bytes sent, 22 bytes received, lifetime 00:02',
      'chrome.exe *64 - d.example.com:443 close, 13 bytes sent, 23 bytes received, lifetime 01:02',
      'git.exe *64 - e.example.com:443 close, 14 bytes sent, 24 bytes received, lifetime 00:03',
      'putty.exe *64 - f.example.com:443 close, 15 bytes sent, 25 bytes received, lifetime 00:04',
    ]);
    expect(new Set(out)).toEqual(
      new Set(['<*> - <*> close, <*> bytes sent, <*> bytes received, lifetime <*>']),
    );
  });

  it('takes a single value with a marker (`SearchApp.exe *64`) into the pattern, before or after it generalises', () => {
    const close = (p: string, i: number) =>
      `${p} - h${i}.example.com:443 close, ${i} bytes sent, 2 bytes received, lifetime 00:01`;
    const c = new LogClusterer();
    const early = c.learn(close('firefox.exe *64', 1));
    expect(early.template).toBe(
      'firefox.exe *<*> - <*> close, <*> bytes sent, <*> bytes received, lifetime <*>',
    );
    c.learnBatch(['chrome.exe', 'Teams.exe', 'slack.exe'].map((p, i) => close(p, i + 2)));
    const late = c.learn(close('SearchApp.exe *64', 9));
    expect(late.template).toBe('<*> - <*> close, <*> bytes sent, <*> bytes received, lifetime <*>');
    expect(late.params[0]).toBe('SearchApp.exe *64');
    expect(c.patterns().map((p) => [p.template, p.count])).toEqual([[late.template, 5]]);
  });

  it('opens a program name in front of a short event (`<*> - <*> open directly`)', () => {
    const out = templates(
      ['chrome.exe', 'Teams.exe', 'OUTLOOK.EXE'].map((p, i) => `${p} - h${i}.example.com:443 open directly`),
    );
    expect(new Set(out)).toEqual(new Set(['<*> - <*> open directly']));
  });

  it('keeps two values separated by punctuation as two variables', () => {
    const out = templates([
      'hash table entries: 4096 (order 2, 16384 bytes)',
      'hash table entries: 8 (order 0, 1 bytes) x',
    ]);
    expect(out[0]).toBe('hash table entries: <*> (order <*>, <*> bytes)');
  });
});

describe('LogClusterer: values with spaces that no delimiter encloses', () => {
  const services = ['Spooler', 'Print Spooler', 'Windows Update', 'Background Intelligent Transfer Service'];
  const entered = (name: string) => `The ${name} service entered the running state.`;

  it('learns a span variable from three runs of different lengths between shared words', () => {
    const c = new LogClusterer();
    const first = c.learnBatch(services.slice(0, 2).map(entered));
    // Two runs are two events for now, as two words are.
    expect(first.map((r) => r.template)).toEqual([entered('Spooler'), entered('Print Spooler')]);
    const third = c.learn(entered('Windows Update'));
    expect(third.template).toBe('The <*> service entered the running state.');
    expect(third.changes.map((x) => x.from)).toEqual(expect.arrayContaining(first.map((r) => r.patternId)));
    const longer = c.learn(entered('Background Intelligent Transfer Service'));
    expect(longer.template).toBe('The <*> service entered the running state.');
    expect(longer.isNew).toBe(false);
    expect(longer.params).toEqual(['Background Intelligent Transfer Service']);
    expect(c.match(entered('WinHTTP Web Proxy Auto-Discovery Service'))?.template).toBe(third.template);
    expect(c.patterns().map((p) => [p.template, p.count])).toEqual([[third.template, 4]]);
  });

  it('keeps messages in prose apart (they are the event, not a value)', () => {
    const out = new LogClusterer()
      .parseAll([
        'Received disconnect from 10.0.0.1: 11: Bye Bye [preauth]',
        'Received disconnect from 10.0.0.2: 11: Closed due to user request. [preauth]',
        'Received disconnect from 10.0.0.3: 11: disconnected by user',
        'Received disconnect from 10.0.0.4: 11: Normal shutdown, Thank you for playing [preauth]',
        'Received disconnect from 10.0.0.5: 11: Bye Bye [preauth]',
      ])
      .map((p) => p.template);
    expect(new Set(out).size).toBe(4);
  });

  it('keeps runs of fields apart (`Seq: <*>, Ack: <*>` / `Local IP: <*>` after a shared prefix)', () => {
    const lines = [
      'ARPT: 1.5: wl0: setup_keepalive: Local IP: 10.0.0.1',
      'ARPT: 2.5: wl0: setup_keepalive: Seq: 1062606935, Ack: 2504730707, Win size: 4096',
      'ARPT: 3.5: wl0: setup_keepalive: interval 900, retry_interval 30, retry_count 10',
      'ARPT: 4.5: wl0: setup_keepalive: Remote IP: 10.0.0.2',
      'ARPT: 5.5: wl0: setup_keepalive: MDNS: 0 SRV Recs, 2 TXT Recs',
      'ARPT: 6.5: wl0: setup_keepalive: Seq: 9876543210, Ack: 1234567890, Win size: 2048',
    ];
    const out = new LogClusterer().parseAll(lines).map((p) => p.template);
    expect(out).toEqual([
      'ARPT: <*>: wl0: setup_keepalive: Local IP: <*>',
      'ARPT: <*>: wl0: setup_keepalive: Seq: <*>, Ack: <*>, Win size: <*>',
      'ARPT: <*>: wl0: setup_keepalive: interval <*>, retry_interval <*>, retry_count <*>',
      'ARPT: <*>: wl0: setup_keepalive: Remote IP: <*>',
      'ARPT: <*>: wl0: setup_keepalive: MDNS: <*> SRV Recs, <*> TXT Recs',
      'ARPT: <*>: wl0: setup_keepalive: Seq: <*>, Ack: <*>, Win size: <*>',
    ]);
  });

  it('keeps two runs as two events (`for <*>` / `for invalid user <*>`)', () => {
    const out = new LogClusterer()
      .parseAll([
        'Failed password for root from 10.0.0.1 port 22 ssh2',
        'Failed password for invalid user admin from 10.0.0.2 port 22 ssh2',
        'Failed password for guest from 10.0.0.3 port 22 ssh2',
        'Failed password for invalid user test from 10.0.0.4 port 22 ssh2',
        'Failed password for oracle from 10.0.0.5 port 22 ssh2',
        'Failed password for invalid user info from 10.0.0.6 port 22 ssh2',
      ])
      .map((p) => p.template);
    expect(new Set(out)).toEqual(
      new Set([
        'Failed password for <*> from <*> port <*> ssh2',
        'Failed password for invalid user <*> from <*> port <*> ssh2',
      ]),
    );
  });

  it('keeps span variables across snapshot, restore and merge', () => {
    const a = new LogClusterer();
    a.learnBatch(services.slice(0, 3).map(entered));
    const restored = LogClusterer.restore(JSON.parse(JSON.stringify(a.snapshot())));
    expect(restored.learn(entered(services[3]!)).template).toBe('The <*> service entered the running state.');
    const b = new LogClusterer();
    b.learn(entered('Event Log'));
    const merged = LogClusterer.restore(mergeSnapshots([b.snapshot(), a.snapshot()]));
    expect(merged.patterns().map((p) => [p.template, p.count])).toEqual([
      ['The <*> service entered the running state.', 4],
    ]);
    expect(merged.match(entered('WinHTTP Web Proxy Auto-Discovery Service'))?.template).toBe(
      'The <*> service entered the running state.',
    );
  });
});

describe('LogClusterer.match', () => {
  it('finds the pattern of a covered line without learning it', () => {
    const c = new LogClusterer();
    c.learnBatch(['took 5 ms', 'took 7 ms']);
    const m = c.match('took 9 ms');
    expect(m).toEqual({ patternId: fnv1a64Hex('took <*> ms'), template: 'took <*> ms', params: ['9'] });
    expect(c.lineCount).toBe(2);
    expect(c.patterns()[0]!.count).toBe(2);
    expect(c.match('something else entirely')).toBeNull();
  });
});

describe('LogClusterer.patterns and topPatterns', () => {
  it('groups near-identical templates into top patterns with stable ids', () => {
    const c = new LogClusterer();
    c.learnBatch(['job 1 started on alpha', 'job 2 started on beta', 'disk full']);
    const tops = c.topPatterns();
    const family = tops.find((t) => t.patternIds.length === 2)!;
    expect(family.template).toBe('job <*> started on <*>');
    expect(family.topPatternId).toBe(fnv1a64Hex(family.template));
    const byId = new Map(c.patterns().map((p) => [p.template, p.topPatternId]));
    expect(byId.get('job <*> started on alpha')).toBe(family.topPatternId);
    expect(byId.get('disk full')).toBe(fnv1a64Hex('disk full'));
  });
});

describe('options', () => {
  it('rejects bad options with the option name', () => {
    expect(() => new LogClusterer({ similarity: 2 })).toThrow(OptionsError);
    expect(() => new LogClusterer({ similarity: 2 })).toThrow(/^similarity: /);
    expect(() => new LogClusterer({ extraMasks: [{ pattern: '(' }] })).toThrow(/^extraMasks\[0\]\.pattern: /);
    expect(() => new LogClusterer({ extraMasks: [{ pattern: 'a*' }] })).toThrow(/empty string/);
    expect(() => new LogClusterer({ headerFormat: '<Date> <Time>' })).toThrow(/<Content>/);
    expect(() => new LogClusterer({ nope: 1 } as never)).toThrow(/^nope: is not a known option/);
  });
});
