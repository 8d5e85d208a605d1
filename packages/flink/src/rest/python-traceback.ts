/**
 * Finding the Python traceback inside a Java stack trace. When a python operator fails, Flink
 * wraps the worker's traceback in several Java exceptions ("Error received from SDK harness for
 * instruction 1: Traceback (most recent call last): ... ValueError: boom\n\n\tat org.apache...");
 * users want the Python part, so the client lifts it out.
 */

const START = 'Traceback (most recent call last):';

/**
 * The first Python traceback in `text`, from `Traceback (most recent call last):` to the line of
 * the exception itself (Java frames that follow are cut), or `undefined` when there is none.
 *
 * @example
 * extractPythonTraceback(
 *   'java.lang.RuntimeException: Error received from SDK harness: Traceback (most recent call last):\n' +
 *   '  File "<step s>", line 2, in process\nValueError: boom\n\n\tat org.apache.beam.Foo(Foo.java:1)',
 * );
 * // 'Traceback (most recent call last):\n  File "<step s>", line 2, in process\nValueError: boom'
 */
export function extractPythonTraceback(text: string): string | undefined {
  const start = text.indexOf(START);
  if (start < 0) return undefined;
  const rest = text.slice(start);
  // The Java part resumes with a tab-indented `at` frame (after an empty line in Beam's wrapping).
  const javaFrame = /\n\s*\n\tat |\n\tat /.exec(rest);
  const body = javaFrame ? rest.slice(0, javaFrame.index) : rest;
  return body.replace(/\s+$/, '');
}

/**
 * The last line of a Python traceback: the exception and its message (`ValueError: boom`).
 * Sluice's own step wrapper puts the step name and the user's traceback in that message, so the
 * last line alone is not enough there; callers show the whole traceback and use this as a title.
 *
 * @example
 * pythonExceptionLine('Traceback (most recent call last):\n  File "x", line 1\nKeyError: \'id\''); // "KeyError: 'id'"
 */
export function pythonExceptionLine(traceback: string): string {
  const lines = traceback.split('\n');
  // The exception line is the first non-indented line after the frames.
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.length > 0 && !line.startsWith(' ')) return line;
  }
  return lines[lines.length - 1] ?? '';
}
