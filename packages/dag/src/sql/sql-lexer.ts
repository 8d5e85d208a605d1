/**
 * A small Flink SQL lexer: enough to parse data types, check user expressions and read back the
 * DDL this package generates. It follows Calcite's literal rules as Flink configures them:
 * string literals in single quotes with `''` as the escape, identifiers in backticks with
 * doubled backticks as the escape.
 */

export type SqlTokenKind = 'ident' | 'quoted-ident' | 'string' | 'number' | 'symbol' | 'ws' | 'comment';

export interface SqlToken {
  kind: SqlTokenKind;
  /** The exact source text of the token. */
  text: string;
  /** Unescaped value: identifier name, string contents, or the text itself. */
  value: string;
  /** 0-based offsets into the source. */
  start: number;
  end: number;
}

/** A lexing failure with the 0-based offset where it happened. */
export class SqlLexError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'SqlLexError';
  }
}

const TWO_CHAR_SYMBOLS = new Set(['<>', '<=', '>=', '!=', '||', '::', '=>']);
const IDENT_START = /[\p{L}_]/u;
const IDENT_PART = /[\p{L}\p{N}_$]/u;

/**
 * Splits SQL text into tokens. Whitespace and comments are dropped unless `keepTrivia` is set.
 * Throws {@link SqlLexError} for an unterminated string, identifier or comment.
 *
 * @example
 * lexSql("`a``b` = 'it''s'").map((t) => t.value); // ['a`b', '=', "it's"]
 */
export function lexSql(source: string, options: { keepTrivia?: boolean } = {}): SqlToken[] {
  const tokens: SqlToken[] = [];
  const keep = options.keepTrivia === true;
  let i = 0;
  const n = source.length;
  while (i < n) {
    const start = i;
    const c = source[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') {
      while (i < n && /\s/.test(source[i]!)) i++;
      if (keep) tokens.push(tok('ws', source, start, i));
      continue;
    }
    if (c === '-' && source[i + 1] === '-') {
      while (i < n && source[i] !== '\n') i++;
      if (keep) tokens.push(tok('comment', source, start, i));
      continue;
    }
    if (c === '/' && source[i + 1] === '*') {
      const close = source.indexOf('*/', i + 2);
      if (close < 0) throw new SqlLexError('Unterminated comment: "/*" has no closing "*/"', start);
      i = close + 2;
      if (keep) tokens.push(tok('comment', source, start, i));
      continue;
    }
    if (c === "'") {
      i++;
      let value = '';
      for (;;) {
        if (i >= n) throw new SqlLexError('Unterminated string: a quote (\') is not closed', start);
        const ch = source[i]!;
        if (ch === "'") {
          if (source[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += ch;
        i++;
      }
      tokens.push({ kind: 'string', text: source.slice(start, i), value, start, end: i });
      continue;
    }
    if (c === '`') {
      i++;
      let value = '';
      for (;;) {
        if (i >= n) throw new SqlLexError('Unterminated identifier: a backtick (`) is not closed', start);
        const ch = source[i]!;
        if (ch === '`') {
          if (source[i + 1] === '`') {
            value += '`';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += ch;
        i++;
      }
      tokens.push({ kind: 'quoted-ident', text: source.slice(start, i), value, start, end: i });
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      while (i < n && /[0-9]/.test(source[i]!)) i++;
      if (source[i] === '.') {
        i++;
        while (i < n && /[0-9]/.test(source[i]!)) i++;
      }
      if ((source[i] === 'e' || source[i] === 'E') && /[-+0-9]/.test(source[i + 1] ?? '')) {
        i += 2;
        while (i < n && /[0-9]/.test(source[i]!)) i++;
      }
      tokens.push(tok('number', source, start, i));
      continue;
    }
    const cp = source.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    if (IDENT_START.test(ch)) {
      i += ch.length;
      while (i < n) {
        const p = String.fromCodePoint(source.codePointAt(i)!);
        if (!IDENT_PART.test(p)) break;
        i += p.length;
      }
      tokens.push(tok('ident', source, start, i));
      continue;
    }
    const two = source.slice(i, i + 2);
    if (TWO_CHAR_SYMBOLS.has(two)) {
      i += 2;
    } else {
      i += ch.length;
    }
    tokens.push(tok('symbol', source, start, i));
  }
  return tokens;
}

function tok(kind: SqlTokenKind, source: string, start: number, end: number): SqlToken {
  const text = source.slice(start, end);
  return { kind, text, value: text, start, end };
}

/** True when the token is the given keyword (case-insensitive, unquoted identifiers only). */
export function isKeyword(token: SqlToken | undefined, keyword: string): boolean {
  return token !== undefined && token.kind === 'ident' && token.value.toUpperCase() === keyword;
}

/** True when the token is the given symbol. */
export function isSymbol(token: SqlToken | undefined, symbol: string): boolean {
  return token !== undefined && token.kind === 'symbol' && token.value === symbol;
}
