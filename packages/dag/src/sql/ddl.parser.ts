/**
 * Reads a Flink `CREATE TABLE` statement back into columns, watermark, primary key and options.
 * It understands what {@link createTableDdl} emits plus the usual hand-written variants
 * (unquoted identifiers, `IF NOT EXISTS`, `CONSTRAINT name PRIMARY KEY`, `COMMENT`, a trailing
 * semicolon), which is what SREWorks column clauses and tests need.
 */
import type { Column, Watermark } from '../model/job.schema.js';
import { formatFlinkType, parseFlinkType } from './flink-type.parser.js';
import { isKeyword, isSymbol, lexSql, SqlLexError, type SqlToken } from './sql-lexer.js';

export interface ParsedTable {
  name: string;
  columns: Column[];
  watermark?: Watermark;
  primaryKey?: string[];
  options: Record<string, string>;
}

/** A statement that does not parse, with the 0-based offset of the problem. */
export class DdlParseError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} (at character ${position + 1})`);
    this.name = 'DdlParseError';
  }
}

/**
 * Parses a `CREATE TABLE` statement. Column types come back normalised; expressions verbatim.
 * Throws {@link DdlParseError}.
 *
 * @example
 * parseCreateTableDdl("CREATE TABLE t (`a` INT) WITH ('connector' = 'print')").options; // { connector: 'print' }
 */
export function parseCreateTableDdl(sql: string): ParsedTable {
  let tokens: SqlToken[];
  try {
    tokens = lexSql(sql);
  } catch (e) {
    if (e instanceof SqlLexError) throw new DdlParseError(e.message, e.position);
    throw e;
  }
  const p = new Cursor(tokens, sql);
  p.keyword('CREATE');
  p.acceptKeyword('TEMPORARY');
  p.keyword('TABLE');
  if (p.acceptKeyword('IF')) {
    p.keyword('NOT');
    p.keyword('EXISTS');
  }
  const name = p.identifier('the table name');
  p.symbol('(');
  const table: ParsedTable = { name, columns: [], options: {} };
  for (;;) {
    parseElement(p, table);
    if (p.acceptSymbol(',')) continue;
    p.symbol(')');
    break;
  }
  if (p.acceptKeyword('COMMENT')) p.string('the table comment');
  p.keyword('WITH');
  p.symbol('(');
  if (!p.acceptSymbol(')')) {
    for (;;) {
      const key = p.string('an option key');
      p.symbol('=');
      const value = p.string(`the value of option '${key}'`);
      // defineProperty, not assignment: a key such as `__proto__` is data here, and assigning it
      // would set the object's prototype instead of adding the option (found by fast-check).
      Object.defineProperty(table.options, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      if (p.acceptSymbol(',')) continue;
      p.symbol(')');
      break;
    }
  }
  p.acceptSymbol(';');
  p.end();
  return table;
}

/**
 * Parses one element of a column list (`name TYPE ...`, `name AS expr`, a WATERMARK or PRIMARY
 * KEY clause) as SREWorks stores it in `columnType`; used by the SREWorks importer.
 *
 * @example
 * parseTableElement('`ts` TIMESTAMP(3) METADATA FROM \'timestamp\' VIRTUAL').columns[0];
 * // { kind: 'metadata', name: 'ts', type: 'TIMESTAMP(3)', key: 'timestamp', virtual: true }
 */
export function parseTableElement(text: string): Omit<ParsedTable, 'name' | 'options'> {
  let tokens: SqlToken[];
  try {
    tokens = lexSql(text);
  } catch (e) {
    if (e instanceof SqlLexError) throw new DdlParseError(e.message, e.position);
    throw e;
  }
  const p = new Cursor(tokens, text);
  const table: ParsedTable = { name: '', columns: [], options: {} };
  parseElement(p, table);
  p.end();
  const { name: _n, options: _o, ...rest } = table;
  return rest;
}

function parseElement(p: Cursor, table: ParsedTable): void {
  if (p.acceptKeyword('WATERMARK')) {
    p.keyword('FOR');
    const column = p.identifier('the watermark column');
    p.keyword('AS');
    table.watermark = { column, expression: p.expression('the watermark expression') };
    return;
  }
  if (p.acceptKeyword('CONSTRAINT')) {
    p.identifier('the constraint name');
    p.keyword('PRIMARY');
  } else if (!p.acceptKeyword('PRIMARY')) {
    parseColumn(p, table);
    return;
  }
  p.keyword('KEY');
  p.symbol('(');
  const keys: string[] = [];
  for (;;) {
    keys.push(p.identifier('a primary key column'));
    if (p.acceptSymbol(',')) continue;
    p.symbol(')');
    break;
  }
  p.keyword('NOT');
  p.keyword('ENFORCED');
  table.primaryKey = keys;
}

function parseColumn(p: Cursor, table: ParsedTable): void {
  const name = p.identifier('a column name');
  if (p.acceptKeyword('AS')) {
    table.columns.push({
      kind: 'computed',
      name,
      expression: p.expression(`the expression of column '${name}'`),
    });
    if (p.acceptKeyword('COMMENT')) p.string('the column comment');
    return;
  }
  const type = p.typeText(name);
  if (p.acceptKeyword('METADATA')) {
    const column: Column = { kind: 'metadata', name, type, virtual: false };
    if (p.acceptKeyword('FROM')) column.key = p.string('the metadata key');
    if (p.acceptKeyword('VIRTUAL')) column.virtual = true;
    table.columns.push(column);
  } else {
    table.columns.push({ kind: 'physical', name, type });
  }
  if (p.acceptKeyword('COMMENT')) p.string('the column comment');
}

class Cursor {
  private i = 0;

  constructor(
    private readonly tokens: SqlToken[],
    private readonly source: string,
  ) {}

  private peek(): SqlToken | undefined {
    return this.tokens[this.i];
  }

  private here(): number {
    return this.peek()?.start ?? this.source.length;
  }

  private found(): string {
    const t = this.peek();
    return t === undefined ? 'the end of the statement' : `'${t.text}'`;
  }

  keyword(k: string): void {
    if (!this.acceptKeyword(k)) throw new DdlParseError(`Expected ${k}, found ${this.found()}`, this.here());
  }

  acceptKeyword(k: string): boolean {
    if (isKeyword(this.peek(), k)) {
      this.i++;
      return true;
    }
    return false;
  }

  symbol(s: string): void {
    if (!this.acceptSymbol(s)) throw new DdlParseError(`Expected '${s}', found ${this.found()}`, this.here());
  }

  acceptSymbol(s: string): boolean {
    if (isSymbol(this.peek(), s)) {
      this.i++;
      return true;
    }
    return false;
  }

  identifier(what: string): string {
    const t = this.peek();
    if (t !== undefined && (t.kind === 'ident' || t.kind === 'quoted-ident')) {
      this.i++;
      return t.value;
    }
    throw new DdlParseError(`Expected ${what}, found ${this.found()}`, this.here());
  }

  string(what: string): string {
    const t = this.peek();
    if (t?.kind === 'string') {
      this.i++;
      return t.value;
    }
    throw new DdlParseError(`Expected ${what} in single quotes, found ${this.found()}`, this.here());
  }

  /** Tokens up to a top-level `,` or the `)` closing the column list, as the original text. */
  expression(what: string): string {
    const first = this.i;
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (t === undefined) break;
      if (t.kind === 'symbol') {
        if (t.value === '(' || t.value === '[') depth++;
        else if (t.value === ')' || t.value === ']') {
          if (depth === 0) break;
          depth--;
        } else if (t.value === ',' && depth === 0) break;
      }
      if (depth === 0 && isKeyword(t, 'COMMENT') && this.tokens[this.i + 1]?.kind === 'string') break;
      this.i++;
    }
    if (this.i === first) throw new DdlParseError(`Expected ${what}, found ${this.found()}`, this.here());
    return this.source.slice(this.tokens[first]!.start, this.tokens[this.i - 1]!.end);
  }

  /** A data type up to METADATA/COMMENT or the end of the element; returned normalised. */
  typeText(column: string): string {
    const first = this.i;
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (t === undefined) break;
      if (t.kind === 'symbol') {
        if (t.value === '(' || t.value === '<') depth++;
        else if (t.value === ')' || t.value === '>') {
          if (depth === 0) break;
          depth--;
        } else if (t.value === ',' && depth === 0) break;
      }
      if (depth === 0 && (isKeyword(t, 'METADATA') || isKeyword(t, 'COMMENT'))) break;
      this.i++;
    }
    if (this.i === first)
      throw new DdlParseError(`Expected the type of column '${column}', found ${this.found()}`, this.here());
    const start = this.tokens[first]!.start;
    const text = this.source.slice(start, this.tokens[this.i - 1]!.end);
    const parsed = parseFlinkType(text);
    if (!parsed.ok)
      throw new DdlParseError(
        `Column '${column}': ${parsed.error.message.replace(/ \(at character \d+\)$/, '')}`,
        start + parsed.error.position,
      );
    return formatFlinkType(parsed.type);
  }

  end(): void {
    if (this.peek() !== undefined) throw new DdlParseError(`Unexpected ${this.found()}`, this.here());
  }
}
