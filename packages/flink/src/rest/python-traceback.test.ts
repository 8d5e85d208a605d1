import { describe, expect, it } from 'vitest';
import { extractPythonTraceback, pythonExceptionLine } from './python-traceback.js';

// Shape of a real Flink 2.2 stack trace of a failing python operator (shortened).
const STACK = [
  'java.lang.RuntimeException: Error while waiting for BeamPythonFunctionRunner flush',
  '\tat org.apache.flink.streaming.api.operators.python.process.AbstractExternalPythonFunctionOperator.invokeFinishBundle(AbstractExternalPythonFunctionOperator.java:107)',
  'Caused by: java.lang.RuntimeException: Error received from SDK harness for instruction 1: Traceback (most recent call last):',
  '  File "/venv/lib/python3.11/site-packages/apache_beam/runners/worker/sdk_worker.py", line 311, in _execute',
  '    response = task()',
  '  File "/tmp/pyflink/x/sluice_runtime/flink_driver.py", line 170, in process_element',
  '    raise StepFailedError(',
  "sluice_runtime.flink_driver.StepFailedError: python step 'enrich' raised KeyError: 'amount'",
  'record: {"order_id": 1}',
  'Traceback (most recent call last):',
  '  File "<step enrich>", line 3, in process',
  '    return record["amount"]',
  "KeyError: 'amount'",
  '',
  '\tat java.base/java.util.concurrent.CompletableFuture.reportGet(CompletableFuture.java:396)',
  'Caused by: java.lang.RuntimeException: Error received from SDK harness for instruction 1: Traceback (most recent call last):',
  '  File "again"',
].join('\n');

describe('extractPythonTraceback', () => {
  it('lifts the first Python traceback out of a Java stack trace, without the Java frames', () => {
    const tb = extractPythonTraceback(STACK);
    expect(tb?.startsWith('Traceback (most recent call last):\n  File "/venv/lib')).toBe(true);
    expect(tb?.endsWith("KeyError: 'amount'")).toBe(true);
    expect(tb).toContain('File "<step enrich>", line 3, in process');
    expect(tb).not.toContain('CompletableFuture');
  });

  it('returns undefined when there is no Python part', () => {
    expect(
      extractPythonTraceback('java.io.IOException: unable to open JDBC writer\n\tat x.y(Z.java:1)'),
    ).toBeUndefined();
  });
});

describe('pythonExceptionLine', () => {
  it("is the first unindented line after the frames: Sluice's step error with the step name", () => {
    expect(pythonExceptionLine(extractPythonTraceback(STACK) ?? '')).toBe(
      "sluice_runtime.flink_driver.StepFailedError: python step 'enrich' raised KeyError: 'amount'",
    );
  });
});
