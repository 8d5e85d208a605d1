import { describe, expect, it } from 'vitest';
import { ClusterTree, isNamedValue } from './cluster-tree.js';

const tree = () => new ClusterTree({ similarity: 0.5, maxSplitValues: 2, maxWordDifferences: 1 });
const t = (s: string) => s.split(' ');
const template = (tr: ClusterTree, line: string) => {
  const tokens = t(line);
  const c = tr.match(tokens);
  return c ? c.templateFor(tokens).join(' ') : null;
};

describe('ClusterTree', () => {
  it('joins lines that differ in masked values', () => {
    const tr = tree();
    tr.learn(t('took <*> ms'));
    expect(tr.learn(t('took <*> ms')).created).toBe(false);
    expect(tr.size).toBe(1);
  });

  it('keeps a word that differs as a variant of its own template', () => {
    const tr = tree();
    tr.learn(t('layout begin done'));
    const r = tr.learn(t('layout end done'));
    expect(r.created).toBe(false);
    expect(r.changed).toBe(true);
    expect(template(tr, 'layout begin done')).toBe('layout begin done');
    expect(template(tr, 'layout end done')).toBe('layout end done');
  });

  it('turns a position into a variable past maxSplitValues words', () => {
    const tr = tree();
    for (const u of ['cyrus', 'news', 'test']) tr.learn(t(`session opened for user ${u}`));
    expect(template(tr, 'session opened for user cyrus')).toBe('session opened for user <*>');
  });

  it('treats values of the same key as a family (tty=ssh / tty=:0 stay apart, many names merge)', () => {
    const tr = tree();
    tr.learn(t('login tty=NODEVssh ok'));
    tr.learn(t('login tty=:<*> ok'));
    expect(template(tr, 'login tty=NODEVssh ok')).toBe('login tty=NODEVssh ok');
    for (const n of ['a,', 'b,', 'c,']) tr.learn(t(`lock name=${n} held`));
    expect(template(tr, 'lock name=a, held')).toBe('lock name=<*>, held');
  });

  it('starts a new cluster when a line differs in two words', () => {
    const tr = tree();
    tr.learn(t('Failed to get next element [HRESULT = <*>]'));
    const r = tr.learn(t('Failed to open this package. [HRESULT = <*>]'));
    expect(r.created).toBe(true);
  });

  it('prefers a cluster that already covers the line', () => {
    const tr = tree();
    tr.learn(t('a b <*> d'));
    tr.learn(t('a b x e'));
    expect(tr.match(t('a b <*> d'))!.templateFor(t('a b <*> d')).join(' ')).toBe('a b <*> d');
  });

  it('looks outside the first-token bucket only when the rest of the line names the event', () => {
    const tr = tree();
    tr.learn(t('chrome.exe - <*> open through proxy <*> HTTPS'));
    expect(tr.learn(t('Dropbox.exe - <*> open through proxy <*> HTTPS')).created).toBe(false);
    tr.learn(t('boot (command <*>)'));
    expect(tr.learn(t('halt (command <*>)')).created).toBe(true);
  });

  it('aligns a run of tokens with an enclosed variable of a shorter cluster', () => {
    const tr = tree();
    for (const v of ['"a"', '"b"', '"c"']) tr.learn(t(`agent ${v} done`));
    const r = tr.learn(t('agent "Mozilla/<*> (X11; Linux)" done'));
    expect(r.created).toBe(false);
    expect(r.tokens).toEqual(['agent', '"Mozilla/<*> (X11; Linux)"', 'done']);
  });

  it('generalises two names sharing a variable part at once (web-<*> / api-<*>)', () => {
    const tr = tree();
    tr.learn(t('Scaled up replica set web-<*> to <*>'));
    tr.learn(t('Scaled up replica set api-<*> to <*>'));
    expect(template(tr, 'Scaled up replica set web-<*> to <*>')).toBe('Scaled up replica set <*> to <*>');
    tr.learn(t('Link error on port <*>'));
    tr.learn(t('Link ok on port <*>'));
    expect(template(tr, 'Link ok on port <*>')).toBe('Link ok on port <*>');
  });
});

describe('isNamedValue', () => {
  it('tells a name with a variable part from a key or a plain word', () => {
    expect(isNamedValue('web-<*>', 'api-<*>')).toBe(true);
    expect(isNamedValue('sshd[<*>]:', 'cron[<*>]:')).toBe(true);
    expect(isNamedValue('<*>|com.tencent.mm|<*>', '<*>|com.tencent.mobileqq|<*>')).toBe(true);
    expect(isNamedValue('phoneId=<*>', 'retVal=<*>')).toBe(false);
    expect(isNamedValue('dcbf.........<*>', 'icbi.........<*>')).toBe(false);
    expect(isNamedValue('start', 'end')).toBe(false);
    expect(isNamedValue('<*>,', '<*>:')).toBe(false);
  });
});
