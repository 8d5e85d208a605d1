/**
 * Rules that span several options of one connector (Flink checks most of these only when a job
 * starts; catching them while drawing saves a failed deployment).
 */
import type { ConnectorSpec, Direction, Runtime } from '../../catalog/catalog.types.js';
import type { Column } from '../../model/job.schema.js';
import type { IssuePath, Severity } from '../issues.js';

export interface TableCheck {
  direction: Direction;
  runtime: Runtime | undefined;
  connector: ConnectorSpec;
  options: Readonly<Record<string, string>>;
  columns: readonly Column[];
  physicalNames: ReadonlySet<string>;
  primaryKey: readonly string[] | undefined;
  /** Real-time jobs: whether checkpointing is on; undefined for scheduled jobs. */
  checkpointing: boolean | undefined;
  /** True when the option is set to a non-empty value. */
  has(key: string): boolean;
  /** The option's value when set and free of `${...}` references (known before the job starts). */
  literal(key: string): string | undefined;
  report(code: string, severity: Severity, pathInConfig: IssuePath, text: string): void;
}

function requireWhen(t: TableCheck, key: string, mode: string, needed: string): void {
  if (t.literal(key)?.toLowerCase() === mode && !t.has(needed)) {
    t.report(
      'option.missing',
      'error',
      ['options', needed],
      `option '${needed}' is required when '${key}' is '${mode}'`,
    );
  }
}

function checkKafka(t: TableCheck): void {
  if (t.direction === 'source') {
    const topic = t.has('topic');
    const pattern = t.has('topic-pattern');
    if (!topic && !pattern) {
      t.report(
        'option.missing',
        'error',
        ['options', 'topic'],
        "option 'topic' is required: name the topic to read (or set 'topic-pattern')",
      );
    } else if (topic && pattern) {
      t.report(
        'option.conflict',
        'error',
        ['options', 'topic-pattern'],
        "set either 'topic' or 'topic-pattern', not both",
      );
    }
    requireWhen(t, 'scan.startup.mode', 'timestamp', 'scan.startup.timestamp-millis');
    requireWhen(t, 'scan.startup.mode', 'specific-offsets', 'scan.startup.specific-offsets');
    requireWhen(t, 'scan.bounded.mode', 'timestamp', 'scan.bounded.timestamp-millis');
    requireWhen(t, 'scan.bounded.mode', 'specific-offsets', 'scan.bounded.specific-offsets');
    if (t.runtime === 'batch' && t.literal('scan.startup.mode')?.toLowerCase() === 'latest-offset') {
      t.report(
        'kafka.reads-nothing',
        'warning',
        ['options', 'scan.startup.mode'],
        "'latest-offset' reads nothing in a scheduled run, which stops at the end offsets seen when it starts; use 'group-offsets' to continue where the last run stopped",
      );
    }
  } else {
    if (t.literal('topic')?.includes(';')) {
      t.report(
        'option.value',
        'error',
        ['options', 'topic'],
        "a kafka sink writes to exactly one topic; remove the ';'",
      );
    }
    if (t.literal('sink.delivery-guarantee')?.toLowerCase() === 'exactly-once') {
      if (!t.has('sink.transactional-id-prefix')) {
        t.report(
          'option.missing',
          'error',
          ['options', 'sink.transactional-id-prefix'],
          "option 'sink.transactional-id-prefix' is required for 'exactly-once' delivery",
        );
      }
      if (t.checkpointing === false) {
        t.report(
          'kafka.exactly-once-needs-checkpoints',
          'error',
          ['options', 'sink.delivery-guarantee'],
          "'exactly-once' delivery commits on checkpoints: enable checkpointing (realtime.checkpointIntervalMs)",
        );
      }
    }
  }
  const format = t.has('format');
  const valueFormat = t.has('value.format');
  if (format && valueFormat) {
    t.report(
      'option.conflict',
      'error',
      ['options', 'value.format'],
      "set either 'format' or 'value.format', not both",
    );
  } else if (!format && !valueFormat) {
    t.report(
      'option.missing',
      'error',
      ['options', 'format'],
      "option 'format' is required: how record values are encoded, e.g. 'json'",
    );
  }
  checkKeyFields(t, t.has('key.format'));
}

function checkKeyFields(t: TableCheck, keyFormat: boolean): void {
  const keyFields = t.literal('key.fields');
  if (keyFormat && !t.has('key.fields')) {
    t.report(
      'option.missing',
      'error',
      ['options', 'key.fields'],
      "option 'key.fields' is required with 'key.format': list the key columns separated by ';'",
    );
  }
  if (t.has('key.fields') && !keyFormat) {
    t.report(
      'option.missing',
      'error',
      ['options', 'key.format'],
      "option 'key.format' is required with 'key.fields'",
    );
  }
  if (keyFields !== undefined) {
    for (const field of keyFields.split(';').map((f) => f.trim())) {
      if (field !== '' && !t.physicalNames.has(field)) {
        t.report(
          'option.column',
          'error',
          ['options', 'key.fields'],
          `'key.fields' names column '${field}', which is not a physical column of this table`,
        );
      }
    }
  }
  if (t.has('key.fields-prefix') && t.literal('value.fields-include')?.toUpperCase() !== 'EXCEPT_KEY') {
    t.report(
      'option.missing',
      'error',
      ['options', 'value.fields-include'],
      "'key.fields-prefix' requires 'value.fields-include' = 'EXCEPT_KEY'",
    );
  }
}

function checkUpsertKafka(t: TableCheck): void {
  if (t.primaryKey === undefined || t.primaryKey.length === 0) {
    t.report(
      'table.primary-key-required',
      'error',
      ['primaryKey'],
      'upsert-kafka needs a primary key: it decides the Kafka record key and which rows replace each other',
    );
  }
  if (t.has('key.fields-prefix') && t.literal('value.fields-include')?.toUpperCase() !== 'EXCEPT_KEY') {
    t.report(
      'option.missing',
      'error',
      ['options', 'value.fields-include'],
      "'key.fields-prefix' requires 'value.fields-include' = 'EXCEPT_KEY'",
    );
  }
}

const JDBC_PARTITION = [
  'scan.partition.column',
  'scan.partition.num',
  'scan.partition.lower-bound',
  'scan.partition.upper-bound',
];

function checkJdbc(t: TableCheck): void {
  if (t.has('username') !== t.has('password')) {
    const missing = t.has('username') ? 'password' : 'username';
    t.report(
      'option.missing',
      'error',
      ['options', missing],
      "'username' and 'password' go together: set both or neither",
    );
  }
  const set = JDBC_PARTITION.filter((k) => t.has(k));
  if (set.length > 0 && set.length < JDBC_PARTITION.length) {
    const missing = JDBC_PARTITION.filter((k) => !t.has(k));
    t.report(
      'option.missing',
      'error',
      ['options', missing[0]!],
      `a partitioned scan needs all of ${JDBC_PARTITION.map((k) => `'${k}'`).join(', ')}; missing ${missing.map((k) => `'${k}'`).join(', ')}`,
    );
  }
  const url = t.literal('url');
  if (url !== undefined && !/^jdbc:(mysql|mariadb):\/\//i.test(url)) {
    t.report(
      'jdbc.url-scheme',
      t.runtime === 'batch' ? 'error' : 'warning',
      ['options', 'url'],
      t.runtime === 'batch'
        ? "scheduled runs connect to MySQL or MariaDB only: the URL must start with 'jdbc:mysql://' or 'jdbc:mariadb://'"
        : "the URL is not a MySQL/MariaDB URL ('jdbc:mysql://' or 'jdbc:mariadb://'): make sure the environment has the JDBC driver and dialect for it",
    );
  }
  if (url !== undefined && /[?&;]password=/i.test(url)) {
    t.report(
      'option.literal-secret',
      'warning',
      ['options', 'url'],
      "the URL contains a password: move it to the 'password' option with a secret parameter",
    );
  }
  if (t.literal('lookup.cache')?.toUpperCase() !== 'PARTIAL') {
    const partial = Object.keys(t.options).filter((k) => k.startsWith('lookup.partial-cache.'));
    if (partial.length > 0) {
      t.report(
        'option.ignored',
        'warning',
        ['options', partial[0]!],
        `'${partial[0]}' only applies when 'lookup.cache' is 'PARTIAL'`,
      );
    }
  }
}

function checkFilesystem(t: TableCheck): void {
  if (t.direction === 'source' && t.runtime === 'batch' && t.has('source.monitor-interval')) {
    t.report(
      'source.unbounded',
      'error',
      ['options', 'source.monitor-interval'],
      "'source.monitor-interval' keeps watching for new files, so a scheduled run would never finish; remove it or make this a real-time job",
    );
  }
  if (t.direction === 'sink' && t.checkpointing === false) {
    t.report(
      'filesystem.needs-checkpoints',
      'warning',
      ['options', 'path'],
      'a streaming file sink finishes files on checkpoints: with checkpointing off, files stay in progress and invisible',
    );
  }
}

function checkDatagen(t: TableCheck): void {
  if (t.runtime === 'batch' && !t.has('number-of-rows')) {
    t.report(
      'source.unbounded',
      'error',
      ['options', 'number-of-rows'],
      "datagen never ends without 'number-of-rows', so a scheduled run would never finish; set 'number-of-rows' or make this a real-time job",
    );
  }
  for (const name of t.physicalNames) {
    if (t.literal(`fields.${name}.kind`)?.toLowerCase() !== 'sequence') continue;
    for (const end of ['start', 'end']) {
      if (!t.has(`fields.${name}.${end}`)) {
        t.report(
          'option.missing',
          'error',
          ['options', `fields.${name}.${end}`],
          `option 'fields.${name}.${end}' is required for a sequence column`,
        );
      }
    }
  }
}

/** Cross-option rules per connector id. */
export const CONNECTOR_RULES: Readonly<Record<string, (t: TableCheck) => void>> = {
  kafka: checkKafka,
  'upsert-kafka': checkUpsertKafka,
  jdbc: checkJdbc,
  filesystem: checkFilesystem,
  datagen: checkDatagen,
};
