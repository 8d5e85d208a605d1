/**
 * Guards for the raw SQL expressions users write in computed columns and watermarks. These are
 * the only user texts pasted into generated DDL unquoted, so each must be exactly one expression:
 * balanced brackets, closed literals, no comments (a `--` comment would swallow the separator
 * the generator puts after it), no `;` and no top-level comma (either would end the column).
 */
import { lexSql, SqlLexError } from './sql-lexer.js';

export interface ExpressionProblem {
  message: string;
  /** 0-based offset into the expression. */
  position: number;
}

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CLOSERS = new Set([')', ']', '}']);

/**
 * Checks that `expression` is a single self-contained SQL expression. Returns undefined when it
 * is safe to paste into a column definition, otherwise the first problem found.
 *
 * @example
 * checkSqlExpression("ts - INTERVAL '5' SECOND"); // undefined
 * checkSqlExpression('a) WITH (x'); // { message: "Unbalanced ')' ...", position: 1 }
 */
export function checkSqlExpression(expression: string): ExpressionProblem | undefined {
  if (expression.trim().length === 0) return { message: 'The expression is empty', position: 0 };
  let tokens: ReturnType<typeof lexSql>;
  try {
    tokens = lexSql(expression, { keepTrivia: true });
  } catch (e) {
    if (e instanceof SqlLexError) return { message: e.message, position: e.position };
    throw e;
  }
  const stack: { close: string; position: number }[] = [];
  for (const t of tokens) {
    if (t.kind === 'comment') {
      return { message: 'Comments are not allowed inside an expression', position: t.start };
    }
    if (t.kind !== 'symbol') continue;
    const close = OPENERS[t.value];
    if (close !== undefined) {
      stack.push({ close, position: t.start });
      continue;
    }
    if (CLOSERS.has(t.value)) {
      const top = stack.pop();
      if (top === undefined || top.close !== t.value) {
        return { message: `Unbalanced '${t.value}': it closes nothing that was opened`, position: t.start };
      }
      continue;
    }
    if (t.value === ';') return { message: "A ';' is not allowed inside an expression", position: t.start };
    if (t.value === ',' && stack.length === 0) {
      return {
        message:
          'A comma outside brackets would end the column here; wrap the expression in brackets if it needs one',
        position: t.start,
      };
    }
  }
  const open = stack.pop();
  if (open !== undefined) {
    return { message: `'${expression[open.position]}' is never closed`, position: open.position };
  }
  return undefined;
}
