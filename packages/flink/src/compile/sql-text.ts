/**
 * The SELECT and INSERT statements the compiler writes into the plan. Every identifier goes
 * through `@sluice/dag`'s `quoteIdentifier` and every type through `formatFlinkType`, so no name a
 * user typed can end an identifier early.
 */
import { type FlinkType, formatFlinkType, quoteIdentifier } from '@sluice/dag';

export interface SqlColumn {
  name: string;
  tree: FlinkType;
}

/** `SELECT a, b FROM t` over the given column names. */
export function selectColumns(table: string, columns: readonly string[]): string {
  return `SELECT ${columns.map(quoteIdentifier).join(', ')} FROM ${quoteIdentifier(table)}`;
}

/** The nullable spelling of a type: CAST to `... NOT NULL` is not Flink SQL; the sink enforces NOT NULL. */
export function castType(tree: FlinkType): string {
  return formatFlinkType({ ...tree, nullable: true } as FlinkType);
}

/**
 * `INSERT INTO sink (cols) SELECT CAST(c AS T) AS c, ... FROM a UNION ALL SELECT ... FROM b`.
 * Each branch casts to the sink's declared types, so the branches (a source table, a python
 * step's view with pyflink's wider types such as TIMESTAMP(9) or DECIMAL(38, 18)) line up.
 *
 * @example
 * insertInto('db', [{ name: 'id', tree: { kind: 'BIGINT', nullable: true } }], ['v1']);
 * // 'INSERT INTO `db` (`id`)\nSELECT CAST(`id` AS BIGINT) AS `id` FROM `v1`'
 */
export function insertInto(sink: string, columns: readonly SqlColumn[], from: readonly string[]): string {
  const names = columns.map((c) => quoteIdentifier(c.name)).join(', ');
  const select = columns
    .map((c) => `CAST(${quoteIdentifier(c.name)} AS ${castType(c.tree)}) AS ${quoteIdentifier(c.name)}`)
    .join(', ');
  const branches = from.map((f) => `SELECT ${select} FROM ${quoteIdentifier(f)}`);
  return `INSERT INTO ${quoteIdentifier(sink)} (${names})\n${branches.join('\nUNION ALL\n')}`;
}
