/**
 * Which connector options the inspector shows and offers, from the catalog: required ones always,
 * the ones set, and the ones with a problem; everything else the catalog knows is offered in an
 * "Add option" list (per-column options such as `fields.<col>.kind` expanded for each column).
 */
import {
  type Column,
  type ConnectorSpec,
  type Direction,
  knownOptionKeys,
  type OptionSpec,
  type ResolvedOption,
  resolveOption,
} from '@sluice/dag';

export interface OptionRow {
  key: string;
  value: string | undefined;
  /** Undefined for a key the catalog does not know (validation says so). */
  resolved?: ResolvedOption;
  required: boolean;
}

export function isRequired(spec: OptionSpec | undefined, direction: Direction): boolean {
  return spec?.required === 'always' || spec?.required === direction;
}

/**
 * The option rows of a table, required first (catalog order), then the others in catalog order,
 * then keys the catalog does not know.
 *
 * @example
 * optionRows(getConnector('kafka')!, { topic: 'x' }, 'source', new Set()).map((r) => r.key);
 * // ['topic', ..., 'properties.bootstrap.servers', ...] (required ones first)
 */
export function optionRows(
  connector: ConnectorSpec,
  options: Readonly<Record<string, string>>,
  direction: Direction,
  keysWithIssues: ReadonlySet<string> = new Set(),
): OptionRow[] {
  const catalogOrder = knownOptionKeys(connector, options);
  const rank = (key: string) => {
    const i = catalogOrder.indexOf(key);
    return i === -1 ? catalogOrder.length : i;
  };
  const keys = new Set<string>();
  for (const spec of connector.options) {
    if (isRequired(spec, direction) && !spec.key.includes('*') && !spec.key.includes('#')) keys.add(spec.key);
  }
  for (const key of Object.keys(options)) keys.add(key);
  for (const key of keysWithIssues) keys.add(key);
  const rows = [...keys].map((key): OptionRow => {
    const resolved = resolveOption(connector, key, options);
    const row: OptionRow = { key, value: options[key], required: isRequired(resolved?.spec, direction) };
    if (resolved) row.resolved = resolved;
    return row;
  });
  return rows.sort((a, b) => {
    if (a.required !== b.required) return a.required ? -1 : 1;
    if ((a.resolved === undefined) !== (b.resolved === undefined)) return a.resolved ? -1 : 1;
    return rank(a.key) - rank(b.key) || a.key.localeCompare(b.key);
  });
}

export interface AddableOption {
  key: string;
  spec: OptionSpec;
}

/**
 * Options the user can still add: every concrete key the catalog knows for this connector and its
 * selected formats, plus per-column options for each physical column. Options that only apply in
 * the other direction are left out. `properties.*`-style keys are typed by hand.
 */
export function addableOptions(
  connector: ConnectorSpec,
  options: Readonly<Record<string, string>>,
  direction: Direction,
  columns: readonly Column[],
): AddableOption[] {
  const out: AddableOption[] = [];
  const push = (key: string) => {
    if (key in options) return;
    const spec = resolveOption(connector, key, options)?.spec;
    if (spec === undefined || (spec.appliesTo !== undefined && spec.appliesTo !== direction)) return;
    out.push({ key, spec });
  };
  for (const key of knownOptionKeys(connector, options)) push(key);
  const physical = columns
    .filter((c) => c.kind === 'physical')
    .map((c) => c.name)
    .filter((n) => n !== '');
  for (const spec of connector.options) {
    if (!spec.key.includes('#')) continue;
    for (const name of physical) push(spec.key.replace('#', name));
  }
  return out;
}

/** Pattern options typed by hand, e.g. `properties.*` (any Kafka client setting). */
export function wildcardPrefixes(connector: ConnectorSpec): string[] {
  return connector.options.filter((o) => o.key.endsWith('*')).map((o) => o.key.slice(0, -1));
}
