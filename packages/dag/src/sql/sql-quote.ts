/**
 * Quoting for generated Flink SQL. Every name and value a user typed goes through one of these
 * two functions before it reaches a statement, so no input can end a literal early.
 */

/** Thrown when a value cannot be represented in Flink SQL at all. */
export class SqlQuoteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlQuoteError';
  }
}

/**
 * Quotes an identifier in backticks, doubling any backtick inside it. Flink (Calcite) does not
 * accept line breaks or an empty name inside a quoted identifier, so those are refused here
 * rather than producing a statement that cannot parse.
 *
 * @example
 * quoteIdentifier('my`col'); // '`my``col`'
 */
export function quoteIdentifier(name: string): string {
  if (name.length === 0) throw new SqlQuoteError('An identifier cannot be empty');
  if (/[\r\n]/.test(name)) {
    throw new SqlQuoteError(
      `Identifier ${JSON.stringify(name)} contains a line break, which Flink SQL cannot quote`,
    );
  }
  return `\`${name.replaceAll('`', '``')}\``;
}

/**
 * Quotes a string literal in single quotes, doubling any single quote inside it. Line breaks and
 * any Unicode are kept verbatim: SQL string literals may contain them.
 *
 * @example
 * quoteString("it's"); // "'it''s'"
 */
export function quoteString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
