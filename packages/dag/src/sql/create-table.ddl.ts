/**
 * Flink SQL `CREATE TABLE` from a source or sink node. Identifiers are backtick-quoted and every
 * option key and value is a single-quoted literal, so no name or value can end the statement
 * early; types are re-printed from their parsed form and expressions must pass
 * {@link checkSqlExpression}, so nothing the user typed is pasted unchecked.
 *
 * Options that reference a secret parameter are left out of the text: a runtime appends them
 * (see {@link secretOptions}) so that secrets never appear in scripts, job arguments or logs.
 */
import type { Parameter, TableConfig, TableNode } from '../model/job.schema.js';
import { scanParamRefs, substituteParams } from '../params/param-refs.js';
import { checkSqlExpression } from './expression-check.js';
import { parseFlinkType } from './flink-type.parser.js';
import { quoteIdentifier, quoteString } from './sql-quote.js';

/** The node cannot be turned into DDL (run `validateDag` first to get all problems at once). */
export class DdlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DdlError';
  }
}

export interface CreateTableDdlOptions {
  /** Declared parameters; options referencing a secret one are left out of the statement. */
  parameters?: readonly Pick<Parameter, 'name' | 'secret'>[];
  /**
   * Values of non-secret parameters to substitute. Without it, `${name}` references stay in the
   * text (a runtime substitutes them). Never pass secret values here.
   */
  values?: Readonly<Record<string, string>>;
}

/** An option kept out of the DDL text because it references a secret parameter. */
export interface SecretOption {
  key: string;
  /** The option value with its `${...}` references still in place. */
  template: string;
  /** The secret parameters it references. */
  secrets: string[];
}

/**
 * The options of a table that reference a secret parameter. A runtime resolves each template and
 * appends `'key' = 'value'` (quotes doubled) before the closing `)` of the `WITH` clause, which
 * {@link createTableDdl} always ends with.
 *
 * @example
 * secretOptions(node, [{ name: 'db_password', secret: true }]);
 * // [{ key: 'password', template: '${db_password}', secrets: ['db_password'] }]
 */
export function secretOptions(
  node: Pick<TableNode, 'config'>,
  parameters: readonly Pick<Parameter, 'name' | 'secret'>[],
): SecretOption[] {
  const secret = new Set(parameters.filter((p) => p.secret).map((p) => p.name));
  const out: SecretOption[] = [];
  for (const key of Object.keys(node.config.options).sort()) {
    const template = node.config.options[key]!;
    const secrets = [
      ...new Set(
        scanParamRefs(template)
          .refs.map((r) => r.name)
          .filter((n) => secret.has(n)),
      ),
    ];
    if (secrets.length > 0) out.push({ key, template, secrets });
  }
  return out;
}

/**
 * Builds the `CREATE TABLE` statement for a source or sink node. Throws {@link DdlError} when a
 * type or expression is invalid. Options are written in key order (deterministic output) after
 * `'connector'`; the statement ends with `\n)` and has no trailing semicolon.
 *
 * @example
 * createTableDdl({ name: 'orders', config: { connector: 'kafka', options: { topic: 'orders' },
 *   columns: [{ kind: 'physical', name: 'id', type: 'bigint' }] } });
 * // CREATE TABLE `orders` (
 * //   `id` BIGINT
 * // ) WITH (
 * //   'connector' = 'kafka',
 * //   'topic' = 'orders'
 * // )
 */
export function createTableDdl(
  node: Pick<TableNode, 'name' | 'config'>,
  options: CreateTableDdlOptions = {},
): string {
  const config: TableConfig = node.config;
  const lines: string[] = [];
  for (const column of config.columns) {
    const name = ident(column.name, 'column name');
    if (column.kind === 'computed') {
      lines.push(`${name} AS ${expression(column.expression, `computed column '${column.name}'`)}`);
      continue;
    }
    const type = typeText(column.type, column.name);
    if (column.kind === 'metadata') {
      const from = column.key === undefined ? '' : ` FROM ${quoteString(column.key)}`;
      lines.push(`${name} ${type} METADATA${from}${column.virtual ? ' VIRTUAL' : ''}`);
      continue;
    }
    lines.push(`${name} ${type}`);
  }
  if (config.watermark !== undefined) {
    lines.push(
      `WATERMARK FOR ${ident(config.watermark.column, 'watermark column')} AS ${expression(config.watermark.expression, 'watermark')}`,
    );
  }
  if (config.primaryKey !== undefined && config.primaryKey.length > 0) {
    lines.push(
      `PRIMARY KEY (${config.primaryKey.map((c) => ident(c, 'primary key column')).join(', ')}) NOT ENFORCED`,
    );
  }
  if (lines.length === 0) throw new DdlError(`Table '${node.name}' has no columns`);

  const secret = new Set((options.parameters ?? []).filter((p) => p.secret).map((p) => p.name));
  const withLines = [`${quoteString('connector')} = ${quoteString(config.connector)}`];
  for (const key of Object.keys(config.options).sort()) {
    if (key === 'connector') continue;
    let value = config.options[key]!;
    const refs = scanParamRefs(value).refs;
    if (refs.some((r) => secret.has(r.name))) continue;
    if (options.values !== undefined && refs.length > 0) {
      try {
        value = substituteParams(value, options.values);
      } catch (e) {
        throw new DdlError(`Option '${key}' of table '${node.name}': ${(e as Error).message}`);
      }
    }
    withLines.push(`${quoteString(key)} = ${quoteString(value)}`);
  }
  return `CREATE TABLE ${ident(node.name, 'table name')} (\n  ${lines.join(',\n  ')}\n) WITH (\n  ${withLines.join(',\n  ')}\n)`;
}

function ident(name: string, what: string): string {
  try {
    return quoteIdentifier(name);
  } catch (e) {
    throw new DdlError(`Invalid ${what}: ${(e as Error).message}`);
  }
}

function typeText(type: string, column: string): string {
  const parsed = parseFlinkType(type);
  if (!parsed.ok)
    throw new DdlError(`Column '${column}' has an invalid type '${type}': ${parsed.error.message}`);
  return parsed.normalized;
}

function expression(text: string, what: string): string {
  const problem = checkSqlExpression(text);
  if (problem !== undefined) throw new DdlError(`Invalid ${what} expression: ${problem.message}`);
  return text;
}
