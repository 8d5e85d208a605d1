/**
 * Catalog lookups: connectors, formats, and which spec governs a given option key (exact keys,
 * `properties.*`, `fields.#.x` and format options such as `value.json.ignore-parse-errors`).
 */
import type { ConnectorSpec, Direction, FormatSpec, OptionSpec, Runtime } from './catalog.types.js';
import { CONNECTORS } from './connectors.catalog.js';
import { FORMATS } from './formats.catalog.js';

const FORMAT_KEYS = new Set(['format', 'value.format', 'key.format']);

/** Connectors with their format options' allowed values filled in from `formats`. */
export const CONNECTOR_CATALOG: readonly ConnectorSpec[] = CONNECTORS.map((c) => ({
  ...c,
  options: c.options.map((o) =>
    FORMAT_KEYS.has(o.key) ? { ...o, values: c.formats, caseSensitive: true } : o,
  ),
}));

/** Every format the catalog knows. */
export const FORMAT_CATALOG: readonly FormatSpec[] = FORMATS;

interface CompiledConnector {
  spec: ConnectorSpec;
  exact: Map<string, OptionSpec>;
  patterns: { regex: RegExp; spec: OptionSpec }[];
}

const compiled = new Map<string, CompiledConnector>(
  CONNECTOR_CATALOG.map((spec) => {
    const exact = new Map<string, OptionSpec>();
    const patterns: CompiledConnector['patterns'] = [];
    for (const o of spec.options) {
      if (o.key.includes('*') || o.key.includes('#')) {
        const source = o.key
          .split(/([*#])/)
          .map((part) => (part === '*' || part === '#' ? '(.+)' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
          .join('');
        patterns.push({ regex: new RegExp(`^${source}$`, 's'), spec: o });
      } else {
        exact.set(o.key, o);
      }
    }
    return [spec.id, { spec, exact, patterns }];
  }),
);

const formatsById = new Map(FORMAT_CATALOG.map((f) => [f.id, f]));

/**
 * The connector with this id, or undefined.
 *
 * @example
 * getConnector('kafka')?.capabilities.sink.streaming; // true
 */
export function getConnector(id: string): ConnectorSpec | undefined {
  return compiled.get(id)?.spec;
}

/**
 * The format with this id, or undefined.
 *
 * @example
 * getFormat('json')?.batch; // true
 */
export function getFormat(id: string): FormatSpec | undefined {
  return formatsById.get(id);
}

/**
 * Whether a connector can be used in a direction on a runtime.
 *
 * @example
 * supportsUse(getConnector('upsert-kafka')!, 'sink', 'batch'); // false
 */
export function supportsUse(connector: ConnectorSpec, direction: Direction, runtime: Runtime): boolean {
  return connector.capabilities[direction][runtime];
}

/**
 * Connectors usable in a direction (and optionally a runtime), for palettes and dropdowns.
 *
 * @example
 * listConnectors({ direction: 'source', runtime: 'batch' }).map((c) => c.id); // ['kafka', 'jdbc', 'filesystem', 'datagen']
 */
export function listConnectors(filter: { direction?: Direction; runtime?: Runtime } = {}): ConnectorSpec[] {
  return CONNECTOR_CATALOG.filter((c) => {
    if (filter.direction === undefined) return true;
    const cap = c.capabilities[filter.direction];
    return filter.runtime === undefined ? cap.batch || cap.streaming : cap[filter.runtime];
  });
}

/** A format selected by a table's options, with the prefix its options carry. */
export interface ActiveFormat {
  /** The option that selects it (`format`, `value.format` or `key.format`). */
  selector: string;
  format: string;
  /** Prefix of this format's options, e.g. `json.` or `value.json.`. */
  prefix: string;
}

/**
 * The formats a table's options select.
 *
 * @example
 * activeFormats(getConnector('kafka')!, { 'value.format': 'json' }); // [{ selector: 'value.format', format: 'json', prefix: 'value.json.' }]
 */
export function activeFormats(
  connector: ConnectorSpec,
  options: Readonly<Record<string, string>>,
): ActiveFormat[] {
  const out: ActiveFormat[] = [];
  const add = (selector: string, prefix: (f: string) => string) => {
    const format = options[selector];
    if (format !== undefined && format !== '') out.push({ selector, format, prefix: prefix(format) });
  };
  switch (connector.formatStyle) {
    case 'none':
      break;
    case 'single':
      add('format', (f) => `${f}.`);
      break;
    case 'kafka':
      add('format', (f) => `${f}.`);
      add('value.format', (f) => `value.${f}.`);
      add('key.format', (f) => `key.${f}.`);
      break;
    case 'upsert-kafka':
      add('value.format', (f) => `value.${f}.`);
      add('key.format', (f) => `key.${f}.`);
      break;
  }
  return out;
}

/** The spec that governs one option key of a table. */
export interface ResolvedOption {
  spec: OptionSpec;
  /** Set for a format option: the format it belongs to. */
  format?: ActiveFormat;
  /** Set for a per-column option (`fields.#.x`): the column name. */
  column?: string;
}

/**
 * Finds the spec for an option key, or undefined when the key is unknown for this connector and
 * the formats its options select.
 *
 * @example
 * resolveOption(getConnector('kafka')!, 'json.ignore-parse-errors', { format: 'json' })?.spec.type; // 'boolean'
 */
export function resolveOption(
  connector: ConnectorSpec,
  key: string,
  options: Readonly<Record<string, string>>,
  formats: readonly ActiveFormat[] = activeFormats(connector, options),
): ResolvedOption | undefined {
  const c = compiled.get(connector.id);
  if (c === undefined) return undefined;
  const exact = c.exact.get(key);
  if (exact !== undefined) return { spec: exact };
  for (const f of formats) {
    if (!key.startsWith(f.prefix)) continue;
    const spec = formatsById.get(f.format)?.options.find((o) => o.key === key.slice(f.prefix.length));
    if (spec !== undefined) return { spec, format: f };
  }
  for (const p of c.patterns) {
    const m = p.regex.exec(key);
    if (m !== null) return p.spec.key.includes('#') ? { spec: p.spec, column: m[1] } : { spec: p.spec };
  }
  return undefined;
}

/**
 * Every concrete option key that would be valid for a table right now (pattern options excluded),
 * used for "did you mean" suggestions and for autocompletion.
 *
 * @example
 * knownOptionKeys(getConnector('filesystem')!, { format: 'csv' }).includes('csv.field-delimiter'); // true
 */
export function knownOptionKeys(
  connector: ConnectorSpec,
  options: Readonly<Record<string, string>>,
): string[] {
  const keys = connector.options
    .filter((o) => !o.key.includes('*') && !o.key.includes('#'))
    .map((o) => o.key);
  for (const f of activeFormats(connector, options)) {
    for (const o of formatsById.get(f.format)?.options ?? []) keys.push(f.prefix + o.key);
  }
  return keys;
}
