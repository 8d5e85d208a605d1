/**
 * Pieces of the SREWorks job package format shared by export and import: column clauses and the
 * Python f-string placeholders SREWorks uses in option values (its script generator wraps each
 * `CREATE TABLE` in `f"""..."""`, so `{DB_HOST}` is a template variable and literal braces are
 * doubled).
 */
import type { Column, TableConfig, Watermark } from '../model/job.schema.js';
import { parseTableElement } from '../sql/ddl.parser.js';
import { isKeyword, lexSql } from '../sql/sql-lexer.js';
import { quoteIdentifier, quoteString } from '../sql/sql-quote.js';

/** A column entry of a source/sink block: no name means a raw WATERMARK or PRIMARY KEY clause. */
export interface SreworksColumn {
  columnName?: string;
  columnType: string;
}

/**
 * Columns, watermark and primary key as SREWorks column entries.
 *
 * @example
 * toSreworksColumns({ columns: [{ kind: 'computed', name: 'p', expression: 'PROCTIME()' }] });
 * // [{ columnName: 'p', columnType: 'AS PROCTIME()' }]
 */
export function toSreworksColumns(
  config: Pick<TableConfig, 'columns' | 'watermark' | 'primaryKey'>,
): SreworksColumn[] {
  const out: SreworksColumn[] = config.columns.map((c) => {
    if (c.kind === 'computed') return { columnName: c.name, columnType: `AS ${c.expression}` };
    if (c.kind === 'metadata') {
      const from = c.key === undefined ? '' : ` FROM ${quoteString(c.key)}`;
      return { columnName: c.name, columnType: `${c.type} METADATA${from}${c.virtual ? ' VIRTUAL' : ''}` };
    }
    return { columnName: c.name, columnType: c.type };
  });
  if (config.watermark !== undefined) {
    out.push({
      columnType: `WATERMARK FOR ${quoteIdentifier(config.watermark.column)} AS ${config.watermark.expression}`,
    });
  }
  if (config.primaryKey !== undefined) {
    out.push({
      columnType: `PRIMARY KEY (${config.primaryKey.map(quoteIdentifier).join(', ')}) NOT ENFORCED`,
    });
  }
  return out;
}

export interface ParsedColumns {
  columns: Column[];
  watermark?: Watermark;
  primaryKey?: string[];
}

/**
 * Reads SREWorks column entries back. Types and expressions are kept verbatim (so a round trip
 * returns the same text). Throws an Error naming the entry when one cannot be read.
 *
 * @example
 * fromSreworksColumns([{ columnName: 'ts', columnType: "TIMESTAMP(3) METADATA FROM 'timestamp'" }]).columns;
 * // [{ kind: 'metadata', name: 'ts', type: 'TIMESTAMP(3)', key: 'timestamp', virtual: false }]
 */
export function fromSreworksColumns(entries: readonly SreworksColumn[]): ParsedColumns {
  const out: ParsedColumns = { columns: [] };
  entries.forEach((entry, i) => {
    const where = `column ${i + 1}${entry.columnName ? ` ('${entry.columnName}')` : ''}`;
    const text = entry.columnType.trim();
    if (entry.columnName === undefined || entry.columnName === '') {
      if (!/^(WATERMARK|PRIMARY|CONSTRAINT)\b/i.test(text)) {
        throw new Error(`${where} has no name, but its text is not a WATERMARK or PRIMARY KEY clause`);
      }
      let parsed: ReturnType<typeof parseTableElement>;
      try {
        parsed = parseTableElement(text);
      } catch (e) {
        throw new Error(`${where}: ${(e as Error).message}`);
      }
      if (parsed.watermark !== undefined) out.watermark = parsed.watermark;
      else if (parsed.primaryKey !== undefined) out.primaryKey = parsed.primaryKey;
      else throw new Error(`${where} has no name, but its text is not a WATERMARK or PRIMARY KEY clause`);
      return;
    }
    const name = entry.columnName;
    const computed = /^AS(\s+|(?=[(`'"]))/i.exec(text);
    if (computed !== null) {
      const expression = text.slice(computed[0].length).trim();
      if (expression === '') throw new Error(`${where}: 'AS' is not followed by an expression`);
      out.columns.push({ kind: 'computed', name, expression });
      return;
    }
    const metadataAt = topLevelKeyword(text, 'METADATA');
    if (metadataAt === undefined) {
      out.columns.push({ kind: 'physical', name, type: text });
      return;
    }
    const type = text.slice(0, metadataAt).trim();
    let parsed: ReturnType<typeof parseTableElement>;
    try {
      parsed = parseTableElement(`${quoteIdentifier(name)} ${text}`);
    } catch (e) {
      throw new Error(`${where}: ${(e as Error).message}`);
    }
    const column = parsed.columns[0];
    if (column?.kind !== 'metadata') throw new Error(`${where}: cannot read the METADATA clause`);
    out.columns.push({ ...column, type });
  });
  return out;
}

function topLevelKeyword(text: string, keyword: string): number | undefined {
  let depth = 0;
  for (const t of lexSql(text)) {
    if (t.kind === 'symbol') {
      if (t.value === '(' || t.value === '<') depth++;
      else if (t.value === ')' || t.value === '>') depth--;
    }
    if (depth === 0 && isKeyword(t, keyword)) return t.start;
  }
  return undefined;
}

/**
 * Converts a Sluice option value (`${param}`, `$${` for a literal `${`) to the f-string form
 * SREWorks pastes into `f"""..."""` (`{param}`, literal braces doubled).
 *
 * @example
 * toFString('jdbc:mysql://${host}/{x}'); // 'jdbc:mysql://{host}/{{x}}'
 */
export function toFString(value: string): string {
  let out = '';
  let i = 0;
  while (i < value.length) {
    if (value.startsWith('$${', i)) {
      out += '${{';
      i += 3;
      continue;
    }
    if (value.startsWith('${', i)) {
      const close = value.indexOf('}', i + 2);
      const name = close < 0 ? '' : value.slice(i + 2, close);
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        out += `{${name}}`;
        i = close + 1;
        continue;
      }
    }
    const c = value[i]!;
    out += c === '{' ? '{{' : c === '}' ? '}}' : c;
    i++;
  }
  return out;
}

export interface FStringConversion {
  value: string;
  /** Placeholders that could not be turned into a parameter reference. */
  unsupported: string[];
  /** Parameter names referenced (after alias resolution). */
  params: string[];
}

/**
 * Converts an SREWorks f-string option value back to Sluice form. `aliases` maps template
 * variables to parameter names (from lines like `DB_HOST = args.host`); `{args.x}` becomes `${x}`.
 *
 * @example
 * fromFString('{DB_HOST}:{{x}}', new Map([['DB_HOST', 'host']])).value; // '${host}:{x}'
 */
export function fromFString(
  value: string,
  aliases: ReadonlyMap<string, string> = new Map(),
): FStringConversion {
  let out = '';
  const unsupported: string[] = [];
  const params: string[] = [];
  const literal = (c: string) => {
    // A literal '{' right after a literal '$' must not read as a reference: escape as '$${'.
    if (c === '{' && out.endsWith('$')) out += '$';
    out += c;
  };
  let i = 0;
  while (i < value.length) {
    if (value.startsWith('{{', i)) {
      literal('{');
      i += 2;
      continue;
    }
    if (value.startsWith('}}', i)) {
      literal('}');
      i += 2;
      continue;
    }
    if (value[i] === '{') {
      const close = value.indexOf('}', i + 1);
      const expr = close < 0 ? '' : value.slice(i + 1, close).trim();
      const m = /^(?:args\.)?([A-Za-z_][A-Za-z0-9_]*)$/.exec(expr);
      if (m !== null) {
        const name = aliases.get(m[1]!) ?? m[1]!;
        out += `\${${name}}`;
        params.push(name);
        i = close + 1;
        continue;
      }
      unsupported.push(close < 0 ? value.slice(i) : value.slice(i, close + 1));
    }
    literal(value[i]!);
    i++;
  }
  return { value: out, unsupported, params };
}
