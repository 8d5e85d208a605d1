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

// Character classes by code unit: this lexer runs for every column type on every validation, so
// the ASCII cases avoid regular expressions; other characters fall back to Unicode classes.
const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);
const isDigit = (c: number) => c >= 48 && c <= 57;
const isAsciiLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

function identStartAt(source: string, i: number): number {
  const c = source.charCodeAt(i);
  if (isAsciiLetter(c) || c === 95) return 1;
  if (c < 128) return 0;
  const ch = String.fromCodePoint(source.codePointAt(i)!);
  return IDENT_START.test(ch) ? ch.length : 0;
}

function identPartAt(source: string, i: number): number {
  const c = source.charCodeAt(i);
  if (isAsciiLetter(c) || isDigit(c) || c === 95 || c === 36) return 1;
  if (c < 128 || Number.isNaN(c)) return 0;
  const ch = String.fromCodePoint(source.codePointAt(i)!);
  return IDENT_PART.test(ch) ? ch.length : 0;
}

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
    const code = source.charCodeAt(i);
    const c = source[i]!;
    if (isSpace(code)) {
      while (i < n && isSpace(source.charCodeAt(i))) i++;
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
    if (c === "'" || c === '`') {
      const quoted = quotedAt(source, i, c);
      tokens.push({
        kind: c === "'" ? 'string' : 'quoted-ident',
        text: source.slice(start, quoted.end),
        value: quoted.value,
        start,
        end: quoted.end,
      });
      i = quoted.end;
      continue;
    }
    if (isDigit(code) || (c === '.' && isDigit(source.charCodeAt(i + 1)))) {
      while (i < n && isDigit(source.charCodeAt(i))) i++;
      if (source[i] === '.') {
        i++;
        while (i < n && isDigit(source.charCodeAt(i))) i++;
      }
      if ((source[i] === 'e' || source[i] === 'E') && /[-+0-9]/.test(source[i + 1] ?? '')) {
        i += 2;
        while (i < n && isDigit(source.charCodeAt(i))) i++;
      }
      tokens.push(tok('number', source, start, i));
      continue;
    }
    const startLength = identStartAt(source, i);
    if (startLength > 0) {
      i += startLength;
      for (;;) {
        const part = identPartAt(source, i);
        if (part === 0) break;
        i += part;
      }
      tokens.push(tok('ident', source, start, i));
      continue;
    }
    if (TWO_CHAR_SYMBOLS.has(source.slice(i, i + 2))) i += 2;
    else i += String.fromCodePoint(source.codePointAt(i)!).length;
    tokens.push(tok('symbol', source, start, i));
  }
  return tokens;
}

/** A quoted string or identifier starting at `start`; the quote is escaped by doubling it. */
function quotedAt(source: string, start: number, quote: string): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  for (;;) {
    const close = source.indexOf(quote, i);
    if (close < 0) {
      throw new SqlLexError(
        quote === "'"
          ? "Unterminated string: a quote (') is not closed"
          : 'Unterminated identifier: a backtick (`) is not closed',
        start,
      );
    }
    value += source.slice(i, close);
    if (source[close + 1] === quote) {
      value += quote;
      i = close + 2;
      continue;
    }
    return { value, end: close + 1 };
  }
}

function tok(kind: SqlTokenKind, source: string, start: number, end: number): SqlToken {
  const text = source.slice(start, end);
  return { kind, text, value: text, start, end };
}

/**
 * True when the token is the given keyword (case-insensitive, unquoted identifiers only).
 *
 * @example
 * isKeyword(lexSql('not')[0], 'NOT'); // true
 * isKeyword(lexSql('`not`')[0], 'NOT'); // false: a quoted identifier is never a keyword
 */
export function isKeyword(token: SqlToken | undefined, keyword: string): boolean {
  return token !== undefined && token.kind === 'ident' && token.value.toUpperCase() === keyword;
}

/**
 * True when the token is the given symbol.
 *
 * @example
 * isSymbol(lexSql('<')[0], '<'); // true
 */
export function isSymbol(token: SqlToken | undefined, symbol: string): boolean {
  return token !== undefined && token.kind === 'symbol' && token.value === symbol;
}
