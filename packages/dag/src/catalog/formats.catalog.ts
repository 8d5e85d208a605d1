/**
 * Formats (Flink 2.2 option names). Keys are relative to the format prefix: `ignore-parse-errors`
 * is written `json.ignore-parse-errors` (or `value.json.ignore-parse-errors` with `value.format`).
 */
import type { FormatSpec, OptionSpec } from './catalog.types.js';

const timestampStandard: OptionSpec = {
  key: 'timestamp-format.standard',
  type: 'enum',
  values: ['SQL', 'ISO-8601', 'ISO-8601-WITH-OFFSET'],
  default: 'SQL',
  description:
    "Text format of TIMESTAMP/TIMESTAMP_LTZ values: 'SQL' (2020-12-30 12:13:14.123) or 'ISO-8601' (2020-12-30T12:13:14.123).",
};
const ignoreParseErrors: OptionSpec = {
  key: 'ignore-parse-errors',
  type: 'boolean',
  default: 'false',
  description: 'Skip fields and rows that fail to parse (set to null) instead of failing the job.',
};
const mapNullKeyMode: OptionSpec = {
  key: 'map-null-key.mode',
  type: 'enum',
  values: ['FAIL', 'DROP', 'LITERAL'],
  default: 'FAIL',
  description:
    'What to do with a null key in a MAP when writing: fail, drop the entry, or write map-null-key.literal.',
};
const mapNullKeyLiteral: OptionSpec = {
  key: 'map-null-key.literal',
  type: 'string',
  default: 'null',
  description: "Text written for a null MAP key when map-null-key.mode is 'LITERAL'.",
};
const decimalPlain: OptionSpec = {
  key: 'encode.decimal-as-plain-number',
  type: 'boolean',
  default: 'false',
  description: 'Write decimals as plain numbers (0.000000027) instead of scientific notation (2.7E-8).',
};

export const FORMATS: readonly FormatSpec[] = [
  {
    id: 'json',
    title: 'JSON',
    description: 'One JSON object per record (newline-delimited JSON in files).',
    batch: true,
    options: [
      {
        key: 'fail-on-missing-field',
        type: 'boolean',
        default: 'false',
        description: 'Fail when a declared field is missing.',
      },
      ignoreParseErrors,
      timestampStandard,
      mapNullKeyMode,
      mapNullKeyLiteral,
      decimalPlain,
      {
        key: 'encode.ignore-null-fields',
        type: 'boolean',
        default: 'false',
        description: 'Leave null fields out when writing.',
      },
      {
        key: 'decode.json-parser.enabled',
        type: 'boolean',
        default: 'true',
        description:
          "Use Jackson's streaming JsonParser to decode (faster); set false to fall back to JsonNode.",
      },
    ],
  },
  {
    id: 'csv',
    title: 'CSV',
    description: 'RFC 4180 comma-separated values; columns in declaration order, no header line.',
    batch: true,
    options: [
      {
        key: 'field-delimiter',
        type: 'string',
        default: ',',
        description: "Single field delimiter character; '\\t' for tab.",
      },
      {
        key: 'disable-quote-character',
        type: 'boolean',
        default: 'false',
        description: 'Do not enclose values in quotes.',
      },
      {
        key: 'quote-character',
        type: 'string',
        default: '"',
        description: 'Quote character for enclosing values.',
      },
      {
        key: 'allow-comments',
        type: 'boolean',
        default: 'false',
        description: "Ignore lines starting with '#'.",
      },
      ignoreParseErrors,
      {
        key: 'array-element-delimiter',
        type: 'string',
        default: ';',
        description: 'Separator of ARRAY and ROW elements.',
      },
      { key: 'escape-character', type: 'string', description: 'Escape character (disabled by default).' },
      {
        key: 'null-literal',
        type: 'string',
        description: 'Text read and written as a null value (disabled by default).',
      },
      {
        key: 'write-bigdecimal-in-scientific-notation',
        type: 'boolean',
        default: 'true',
        description: 'Write DECIMAL values in scientific notation.',
      },
    ],
  },
  {
    id: 'raw',
    title: 'Raw',
    description: 'The whole message as one column (STRING or BYTES), e.g. a plain log line.',
    batch: true,
    singleColumn: true,
    options: [
      {
        key: 'charset',
        type: 'string',
        default: 'UTF-8',
        description: 'Charset used to decode and encode text.',
      },
      {
        key: 'endianness',
        type: 'enum',
        values: ['big-endian', 'little-endian'],
        default: 'big-endian',
        description: 'Byte order of numeric values.',
      },
    ],
  },
  {
    id: 'avro',
    title: 'Avro',
    description: 'Apache Avro binary records; schema derived from the table columns.',
    batch: false,
    options: [
      {
        key: 'codec',
        type: 'string',
        description: 'Compression codec for Avro files (filesystem only), e.g. snappy.',
      },
    ],
  },
  {
    id: 'debezium-json',
    title: 'Debezium JSON',
    description: 'Change events (insert/update/delete) produced by Debezium.',
    batch: false,
    options: [
      {
        key: 'schema-include',
        type: 'boolean',
        default: 'false',
        description: 'Messages include the Debezium schema envelope.',
      },
      ignoreParseErrors,
      timestampStandard,
      mapNullKeyMode,
      mapNullKeyLiteral,
      decimalPlain,
    ],
  },
  {
    id: 'canal-json',
    title: 'Canal JSON',
    description: 'Change events produced by Alibaba Canal from a MySQL binlog.',
    batch: false,
    options: [
      ignoreParseErrors,
      timestampStandard,
      mapNullKeyMode,
      mapNullKeyLiteral,
      decimalPlain,
      { key: 'database.include', type: 'string', description: 'Regular expression of databases to read.' },
      { key: 'table.include', type: 'string', description: 'Regular expression of tables to read.' },
    ],
  },
  {
    id: 'maxwell-json',
    title: 'Maxwell JSON',
    description: 'Change events produced by Maxwell from a MySQL binlog.',
    batch: false,
    options: [ignoreParseErrors, timestampStandard, mapNullKeyMode, mapNullKeyLiteral, decimalPlain],
  },
  {
    id: 'parquet',
    title: 'Parquet',
    description: 'Columnar Parquet files (filesystem only).',
    batch: false,
    options: [
      {
        key: 'utc-timezone',
        type: 'boolean',
        default: 'false',
        description: 'Convert timestamps between epoch time and LocalDateTime in UTC.',
      },
    ],
  },
];
