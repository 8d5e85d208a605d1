/**
 * Types of the connector and format catalog. The catalog is plain data (it serialises to JSON):
 * the canvas builds its dropdowns and hints from it, the validator checks options against it, and
 * the batch runner and Flink compiler read capabilities from it.
 */
import type { OptionType } from './option-types.js';

export type Direction = 'source' | 'sink';
export type Runtime = 'batch' | 'streaming';

export interface OptionSpec {
  /**
   * The option key as Flink names it. Pattern keys use `*` for any suffix (`properties.*`) and
   * `#` for a column name (`fields.#.kind`).
   */
  key: string;
  type: OptionType;
  description: string;
  /** Required always, or only when the table is used in one direction. */
  required?: 'always' | Direction;
  /** Flink's default, as text. */
  default?: string;
  /** Allowed values of an `enum` option. */
  values?: readonly string[];
  /** Enum values must match exactly (format identifiers); other enums match ignoring case, as Flink does. */
  caseSensitive?: boolean;
  min?: number;
  max?: number;
  /** May hold a `${secret}` parameter: the value is kept out of generated scripts. */
  secretCapable?: boolean;
  /** Only meaningful in this direction; the option is ignored (and warned about) in the other. */
  appliesTo?: Direction;
  /** Example value for placeholders in forms. */
  example?: string;
}

export interface MetadataSpec {
  key: string;
  /** Flink SQL type of the metadata value. */
  type: string;
  description: string;
  /** Writable metadata can be set by a sink; read-only metadata must be VIRTUAL in a sink. */
  writable: boolean;
}

export interface FormatSpec {
  id: string;
  title: string;
  description: string;
  /** Sluice's batch runner can read and write this format. */
  batch: boolean;
  /** Exactly one physical column (the `raw` format). */
  singleColumn?: boolean;
  /** Options without the format prefix, e.g. `ignore-parse-errors` for `json.ignore-parse-errors`. */
  options: readonly OptionSpec[];
}

export interface DirectionCapability {
  /** Usable in scheduled jobs (Sluice's batch runner). */
  batch: boolean;
  /** Usable in real-time jobs (Flink streaming). */
  streaming: boolean;
}

/**
 * How a connector names its formats: `none`; `single` (`format` + `<fmt>.x`); `kafka` (`format` or
 * `value.format`, optional `key.format`); `upsert-kafka` (`key.format` and `value.format`).
 */
export type FormatStyle = 'none' | 'single' | 'kafka' | 'upsert-kafka';

export interface ConnectorSpec {
  id: string;
  title: string;
  description: string;
  docsUrl: string;
  capabilities: { source: DirectionCapability; sink: DirectionCapability };
  options: readonly OptionSpec[];
  formatStyle: FormatStyle;
  /** Format ids this connector accepts. */
  formats: readonly string[];
  metadata: readonly MetadataSpec[];
  /** Metadata keys under this prefix come from the value format (e.g. `value.source.timestamp`). */
  formatMetadataPrefix?: string;
  /** How a scheduled run bounds this source (shown in hints). */
  batchBehaviour?: string;
}
