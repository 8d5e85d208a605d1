import { describe, expect, it } from 'vitest';
import { exampleJobs } from '../examples/examples.js';
import { exportJobJson, importJobJson } from './native-json.js';

describe('native JSON', () => {
  it('round-trips every example job', () => {
    for (const job of Object.values(exampleJobs())) {
      const text = exportJobJson(job);
      expect(JSON.parse(text).apiVersion).toBe('sluice.dev/v1');
      const back = importJobJson(text);
      expect(back.ok).toBe(true);
      expect(back.job).toEqual(job);
    }
  });

  it('refuses an unknown or missing apiVersion clearly', () => {
    const job = exampleJobs().datagenDemo;
    expect(importJobJson({ apiVersion: 'sluice.dev/v2', kind: 'Job', job }).issues).toEqual([
      {
        path: [],
        code: 'document.api-version-unsupported',
        message: "Unsupported apiVersion 'sluice.dev/v2': this Sluice reads 'sluice.dev/v1' documents",
        severity: 'error',
      },
    ]);
    expect(importJobJson(job).issues[0]?.message).toBe(
      'This is a bare job without the document envelope; wrap it as { "apiVersion": "sluice.dev/v1", "kind": "Job", "job": { ... } }',
    );
    expect(importJobJson({ kind: 'Job' }).issues[0]?.message).toBe(
      "The document has no apiVersion; expected 'sluice.dev/v1'",
    );
  });

  it('reports bad JSON, a wrong kind and unknown top-level fields', () => {
    expect(importJobJson('{ nope').issues[0]?.message).toMatch(/^The file is not valid JSON: /);
    expect(importJobJson({ apiVersion: 'sluice.dev/v1', kind: 'Pipeline', job: {} }).issues[0]?.message).toBe(
      "The document's kind must be 'Job', not \"Pipeline\"",
    );
    const r = importJobJson({
      apiVersion: 'sluice.dev/v1',
      kind: 'Job',
      job: exampleJobs().datagenDemo,
      extra: 1,
    });
    expect(r.ok).toBe(false);
    expect(r.issues[0]?.code).toBe('document.unknown-field');
  });

  it('returns the job with its validation issues', () => {
    const job = exampleJobs().datagenDemo;
    job.graph.edges = [];
    const r = importJobJson({ apiVersion: 'sluice.dev/v1', kind: 'Job', job });
    expect(r.ok).toBe(false);
    expect(r.job).toBeDefined();
    expect(r.issues.some((i) => i.code === 'graph.unconnected')).toBe(true);
  });
});
