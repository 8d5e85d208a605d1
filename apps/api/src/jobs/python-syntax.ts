/**
 * Syntax check of python record steps when a job is saved, so that a typo is reported on the canvas
 * with its line instead of failing the first run. One short Python process checks every step
 * (`compile` to an AST only: nothing is imported or executed).
 */
import { spawn } from 'node:child_process';
import { inheritedEnv, STEP_ENV_KEYS } from '../config/child-env.js';

export interface PythonStepSource {
  id: string;
  name: string;
  code: string;
}

export interface PythonSyntaxProblem {
  id: string;
  line: number;
  column: number;
  message: string;
}

const CHECKER = `
import ast, json, sys
out = []
for step in json.load(sys.stdin):
    try:
        compile(step["code"], "<python step>", "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as err:
        out.append({"id": step["id"], "line": err.lineno or 0, "column": err.offset or 0, "message": err.msg})
    except ValueError as err:
        out.append({"id": step["id"], "line": 0, "column": 0, "message": str(err)})
json.dump(out, sys.stdout)
`;

/**
 * The syntax errors of `steps`, or `undefined` when the check could not run (no interpreter, a
 * timeout): saving then goes on, and the run reports the error as before.
 *
 * @example
 * await pythonSyntaxProblems('python3', [{ id: 'n2', name: 'enrich', code: 'def process(:' }]);
 * // [{ id: 'n2', line: 1, column: 13, message: "invalid syntax" }]
 */
export function pythonSyntaxProblems(
  python: string,
  steps: readonly PythonStepSource[],
  timeoutMs = 10_000,
): Promise<PythonSyntaxProblem[] | undefined> {
  if (steps.length === 0) return Promise.resolve([]);
  return new Promise((resolve) => {
    const child = spawn(python, ['-I', '-c', CHECKER], {
      env: inheritedEnv(STEP_ENV_KEYS),
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    let out = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
    });
    child.on('error', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      try {
        resolve(code === 0 ? (JSON.parse(out) as PythonSyntaxProblem[]) : undefined);
      } catch {
        resolve(undefined);
      }
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(JSON.stringify(steps.map(({ id, code }) => ({ id, code }))));
  });
}
