/**
 * Source and sink tables: the connector and where it may run, every option against the catalog,
 * formats, columns and their types, metadata, watermark and primary key.
 */
import {
  activeFormats,
  CONNECTOR_CATALOG,
  getConnector,
  getFormat,
  knownOptionKeys,
  resolveOption,
} from '../../catalog/catalog.js';
import type { Direction } from '../../catalog/catalog.types.js';
import { checkOptionValue } from '../../catalog/option-types.js';
import type { SinkNode, SourceNode } from '../../model/job.schema.js';
import { checkSqlExpression } from '../../sql/expression-check.js';
import { type FlinkType, isEventTimeType, parseFlinkType } from '../../sql/flink-type.parser.js';
import { CREDENTIAL_KEY } from '../../util/secrets.js';
import { didYouMean, listForMessage, quoteForMessage } from '../../util/text.js';
import type { IssuePath, Severity } from '../issues.js';
import { CONNECTOR_RULES, type TableCheck } from './connector-rules.js';
import { checkParamRefs } from './parameters.rule.js';
import { type NodeEntry, nodeLabel, type RuleContext, report } from './rule-context.js';

/**
 * Checks one source or sink node; reports into `ctx.issues`.
 *
 * @example
 * checkTable(ctx, entry, node); // e.g. adds { code: 'option.unknown', message: "... did you mean 'scan.startup.mode'?" }
 */
export function checkTable(ctx: RuleContext, entry: NodeEntry, node: SourceNode | SinkNode): void {
  const direction: Direction = node.kind;
  const config = node.config;
  const label = nodeLabel(entry);
  const base: IssuePath = [...entry.path, 'config'];
  const say = (code: string, severity: Severity, path: IssuePath, text: string) =>
    report(ctx, code, severity, [...base, ...path], `${label}: ${text}`, { nodeId: node.id });

  checkColumns(ctx, node, say);
  const physicalNames = new Set(config.columns.filter((c) => c.kind === 'physical').map((c) => c.name));

  const connector = getConnector(config.connector);
  if (connector === undefined) {
    const usable = CONNECTOR_CATALOG.filter(
      (c) => c.capabilities[direction].batch || c.capabilities[direction].streaming,
    ).map((c) => c.id);
    const hint = didYouMean(config.connector, usable);
    say(
      'connector.unknown',
      'error',
      ['connector'],
      config.connector === ''
        ? `choose a connector: ${listForMessage(usable, 'or')}`
        : `unknown connector '${config.connector}'${hint === undefined ? '' : `; did you mean '${hint}'?`} Connectors for a ${direction}: ${listForMessage(usable, 'or')}`,
    );
    return;
  }

  const cap = connector.capabilities[direction];
  if (!cap.batch && !cap.streaming) {
    say(
      'connector.direction',
      'error',
      ['connector'],
      direction === 'source'
        ? `connector '${connector.id}' cannot be a source: it only writes data. Use it in a sink`
        : `connector '${connector.id}' cannot be a sink: it only reads data. Use it in a source`,
    );
  } else if (ctx.runtime !== undefined && !cap[ctx.runtime]) {
    say(
      'connector.runtime',
      'error',
      ['connector'],
      ctx.runtime === 'batch'
        ? `connector '${connector.id}' cannot be used as a ${direction} in a scheduled job; use it in a real-time job`
        : `connector '${connector.id}' cannot be used as a ${direction} in a real-time job; use it in a scheduled job`,
    );
  }

  const options = config.options;
  const formats = activeFormats(connector, options);
  const literal = new Map<string, string>();
  for (const [key, value] of Object.entries(options)) {
    const path: IssuePath = ['options', key];
    if (key === 'connector') {
      say('option.connector', 'error', path, "set the connector in the 'connector' field, not as an option");
      continue;
    }
    const resolved = resolveOption(connector, key, options, formats);
    if (resolved === undefined) {
      const owner = formats.find(
        (f) => key.startsWith(`${f.format}.`) || key.startsWith(`value.${f.format}.`),
      );
      const otherFormat = /^(key\.|value\.)?([a-z-]+)\./.exec(key)?.[2];
      if (
        owner === undefined &&
        otherFormat !== undefined &&
        getFormat(otherFormat) !== undefined &&
        !formats.some((f) => f.format === otherFormat)
      ) {
        say(
          'option.unknown',
          'error',
          path,
          `option '${key}' belongs to the ${otherFormat} format, which this table does not use`,
        );
      } else {
        const hint = didYouMean(key, knownOptionKeys(connector, options));
        say(
          'option.unknown',
          'error',
          path,
          `unknown option '${key}' for connector '${connector.id}'${hint === undefined ? '' : `; did you mean '${hint}'?`}`,
        );
      }
      continue;
    }
    const { spec } = resolved;
    if (spec.appliesTo !== undefined && spec.appliesTo !== direction) {
      say(
        'option.direction',
        'warning',
        path,
        `option '${key}' only applies to a ${spec.appliesTo}; it has no effect on a ${direction}`,
      );
    }
    if (resolved.column !== undefined && !physicalNames.has(resolved.column)) {
      say(
        'option.column',
        'error',
        path,
        `option '${key}' refers to column '${resolved.column}', which this table does not declare`,
      );
    }
    // Most values hold no reference: only build the message context when one is there.
    if (value.includes('${')) {
      const hasRefs = checkParamRefs(ctx, value, {
        path: [...base, ...path],
        label: `${label}: option '${key}'`,
        secretCapable: spec.secretCapable === true,
        nodeId: node.id,
      });
      if (hasRefs) continue;
    }
    literal.set(key, value);
    if (spec.secretCapable === true && CREDENTIAL_KEY.test(key) && value !== '') {
      say(
        'option.literal-secret',
        'warning',
        path,
        `option '${key}' holds a literal credential, stored in the job in plain text; declare a secret parameter and write \${...} instead`,
      );
    }
    const problem =
      spec.type === 'enum' && spec.caseSensitive === true
        ? (spec.values ?? []).includes(value.trim())
          ? undefined
          : `one of ${(spec.values ?? []).map((v) => `'${v}'`).join(', ')}`
        : checkOptionValue(spec.type, value, spec);
    if (problem !== undefined) {
      say(
        spec.type === 'enum' ? 'option.enum' : 'option.type',
        'error',
        path,
        `option '${key}' must be ${problem}, not ${quoteForMessage(value)}`,
      );
    }
  }

  for (const spec of connector.options) {
    if (spec.required === undefined || (spec.required !== 'always' && spec.required !== direction)) continue;
    const value = options[spec.key];
    if (value === undefined || value.trim() === '') {
      const where = spec.required === 'always' ? `a ${connector.id} table` : `a ${connector.id} ${direction}`;
      say(
        'option.missing',
        'error',
        ['options', spec.key],
        `option '${spec.key}' is required for ${where}: ${spec.description}`,
      );
    }
  }

  for (const f of formats) {
    const format = getFormat(f.format);
    if (format === undefined || !connector.formats.includes(f.format)) continue;
    if (ctx.runtime === 'batch' && !format.batch) {
      const usable = connector.formats.filter((id) => getFormat(id)?.batch === true);
      say(
        'format.runtime',
        'error',
        ['options', f.selector],
        `format '${f.format}' is not supported by scheduled runs; use ${listForMessage(usable, 'or')}`,
      );
    }
    if (format.singleColumn === true && f.selector !== 'key.format' && physicalNames.size !== 1) {
      say(
        'format.single-column',
        'error',
        ['columns'],
        `the ${f.format} format maps the whole message to one column, but the table declares ${physicalNames.size} physical columns`,
      );
    }
  }

  checkMetadata(connector.id, direction, node, say);

  const rule = CONNECTOR_RULES[connector.id];
  if (rule !== undefined) {
    const check: TableCheck = {
      direction,
      runtime: ctx.runtime,
      connector,
      options,
      columns: config.columns,
      physicalNames,
      primaryKey: config.primaryKey,
      checkpointing:
        ctx.runtime === 'streaming' && ctx.realtime !== undefined
          ? ctx.realtime.checkpointIntervalMs > 0
          : undefined,
      has: (key) => (options[key] ?? '').trim() !== '',
      literal: (key) => literal.get(key),
      report: (code, severity, path, text) => say(code, severity, path, text),
    };
    rule(check);
  }
}

type Say = (code: string, severity: Severity, path: IssuePath, text: string) => void;

/** Checks columns, watermark and primary key. */
function checkColumns(ctx: RuleContext, node: SourceNode | SinkNode, say: Say): void {
  const { columns, watermark, primaryKey } = node.config;
  const types = new Map<string, FlinkType>();
  if (columns.filter((c) => c.kind === 'physical').length === 0) {
    say(
      'table.no-columns',
      'error',
      ['columns'],
      'declare at least one physical column (a name and a Flink SQL type)',
    );
  }
  const seen = new Map<string, number>();
  const seenLower = new Map<string, string>();
  columns.forEach((column, i) => {
    const path: IssuePath = ['columns', i];
    const name = column.name;
    if (name.trim() === '') {
      say('column.name-empty', 'error', [...path, 'name'], `column ${i + 1} has no name`);
    } else if (/[\r\n]/.test(name)) {
      say(
        'column.name-invalid',
        'error',
        [...path, 'name'],
        `column name ${quoteForMessage(name)} contains a line break, which Flink SQL cannot express`,
      );
    } else if (seen.has(name)) {
      say(
        'column.name-duplicate',
        'error',
        [...path, 'name'],
        `column '${name}' is declared twice (columns ${seen.get(name)! + 1} and ${i + 1})`,
      );
    } else {
      const lower = name.toLowerCase();
      const other = seenLower.get(lower);
      if (other !== undefined) {
        say(
          'column.name-case',
          'warning',
          [...path, 'name'],
          `columns '${other}' and '${name}' differ only in case; MySQL and JSON consumers may mix them up`,
        );
      }
      seen.set(name, i);
      seenLower.set(lower, name);
    }
    if (column.kind === 'computed') {
      const problem = checkSqlExpression(column.expression);
      if (problem !== undefined) {
        say(
          'column.expression-invalid',
          'error',
          [...path, 'expression'],
          `computed column '${name}': ${problem.message} (at character ${problem.position + 1})`,
        );
      }
      if (node.kind === 'sink') {
        say(
          'column.computed-in-sink',
          'warning',
          path,
          `computed column '${name}' is not written by a sink; remove it or make it a physical column`,
        );
      }
      return;
    }
    if (column.type === '') {
      say(
        'column.type-missing',
        'error',
        [...path, 'type'],
        `column '${name}' has no type, e.g. STRING, BIGINT or TIMESTAMP(3)`,
      );
      return;
    }
    const parsed = parseFlinkType(column.type);
    if (!parsed.ok) {
      say(
        'column.type-invalid',
        'error',
        [...path, 'type'],
        `column '${name}' has an invalid type ${quoteForMessage(column.type)}: ${parsed.error.message}`,
      );
      return;
    }
    types.set(name, parsed.type);
  });

  if (watermark !== undefined) {
    const target = columns.find((c) => c.name === watermark.column);
    if (target === undefined) {
      say(
        'watermark.column-unknown',
        'error',
        ['watermark', 'column'],
        `the watermark is on column '${watermark.column}', which this table does not declare`,
      );
    } else if (target.kind !== 'computed') {
      const t = types.get(target.name);
      if (t !== undefined && !isEventTimeType(t)) {
        say(
          'watermark.column-type',
          'error',
          ['watermark', 'column'],
          `the watermark column '${target.name}' must be TIMESTAMP(p) or TIMESTAMP_LTZ(p) with p at most 3, not ${target.type}`,
        );
      }
    }
    const problem = checkSqlExpression(watermark.expression);
    if (problem !== undefined) {
      say(
        'watermark.expression-invalid',
        'error',
        ['watermark', 'expression'],
        `watermark expression: ${problem.message} (at character ${problem.position + 1})`,
      );
    }
    if (node.kind === 'sink')
      say('watermark.in-sink', 'warning', ['watermark'], 'a watermark has no effect on a sink');
    else if (ctx.runtime === 'batch')
      say('watermark.in-batch', 'info', ['watermark'], 'the watermark has no effect in scheduled runs');
  }

  if (primaryKey !== undefined) {
    if (primaryKey.length === 0)
      say(
        'primary-key.empty',
        'error',
        ['primaryKey'],
        'the primary key lists no columns; remove it or name at least one column',
      );
    const pkSeen = new Set<string>();
    primaryKey.forEach((col, i) => {
      const target = columns.find((c) => c.name === col);
      if (pkSeen.has(col))
        say(
          'primary-key.duplicate',
          'error',
          ['primaryKey', i],
          `column '${col}' appears twice in the primary key`,
        );
      pkSeen.add(col);
      if (target === undefined)
        say(
          'primary-key.column-unknown',
          'error',
          ['primaryKey', i],
          `primary key column '${col}' is not declared`,
        );
      else if (target.kind !== 'physical')
        say(
          'primary-key.column-kind',
          'error',
          ['primaryKey', i],
          `primary key column '${col}' must be a physical column, not a ${target.kind} column`,
        );
    });
  }
}

function checkMetadata(
  connectorId: string,
  direction: Direction,
  node: SourceNode | SinkNode,
  say: Say,
): void {
  const connector = getConnector(connectorId)!;
  node.config.columns.forEach((column, i) => {
    if (column.kind !== 'metadata') return;
    const path: IssuePath = ['columns', i];
    if (connector.metadata.length === 0 && connector.formatMetadataPrefix === undefined) {
      say(
        'metadata.unsupported',
        'error',
        path,
        `connector '${connectorId}' exposes no metadata; make '${column.name}' a physical column`,
      );
      return;
    }
    const key = column.key ?? column.name;
    const spec = connector.metadata.find((m) => m.key === key);
    if (spec === undefined) {
      if (connector.formatMetadataPrefix !== undefined && key.startsWith(connector.formatMetadataPrefix))
        return;
      const hint = didYouMean(
        key,
        connector.metadata.map((m) => m.key),
      );
      say(
        'metadata.key-unknown',
        'error',
        [...path, column.key === undefined ? 'name' : 'key'],
        `'${key}' is not metadata of connector '${connectorId}'${hint === undefined ? '' : `; did you mean '${hint}'?`} Available: ${connector.metadata.map((m) => m.key).join(', ')}`,
      );
      return;
    }
    if (direction === 'sink' && !spec.writable && !column.virtual) {
      say(
        'metadata.read-only',
        'error',
        [...path, 'virtual'],
        `metadata '${key}' is read-only: mark column '${column.name}' as virtual so that the sink does not try to write it`,
      );
    }
  });
}
