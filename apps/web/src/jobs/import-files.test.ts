import { exportJobJson, exportSreworksPackage } from '@sluice/dag';
import { describe, expect, it } from 'vitest';
import { demoJob } from '../editor/test-jobs.js';
import { parseImportFile } from './import-files.js';

const encode = (text: string) => new TextEncoder().encode(text);

describe('parseImportFile', () => {
  it('reads a native JSON document back to the same job', () => {
    const job = demoJob();
    const result = parseImportFile('sensor.json', encode(exportJobJson(job)));
    expect(result).toMatchObject({ format: 'json', ok: true });
    expect(result.job).toEqual(job);
  });

  it('reads an SREWorks package by its content, whatever its extension', () => {
    const job = demoJob();
    const result = parseImportFile('package.bin', exportSreworksPackage(job));
    expect(result.format).toBe('sreworks');
    expect(result.job?.graph.nodes.map((n) => n.name)).toEqual(job.graph.nodes.map((n) => n.name));
  });

  it('reports a document without apiVersion as an error, with no job', () => {
    const result = parseImportFile('bare.json', encode(JSON.stringify({ kind: 'Job' })));
    expect(result.ok).toBe(false);
    expect(result.issues.some((i) => i.severity === 'error')).toBe(true);
  });

  it('refuses files that are neither JSON nor zip, by name', () => {
    const result = parseImportFile('notes.txt', encode('hello'));
    expect(result).toMatchObject({ ok: false, format: 'unknown' });
    expect(result.issues[0]?.message).toContain('notes.txt');
    expect(parseImportFile('bin.dat', new Uint8Array([0xff, 0xfe, 0x00])).issues[0]?.message).toContain(
      'UTF-8',
    );
  });

  it('reports each broken file of a zip by name and still imports the rest', () => {
    const bytes = exportSreworksPackage(demoJob());
    const damaged = bytes.slice(0, Math.floor(bytes.length / 2));
    const result = parseImportFile('broken.zip', damaged);
    expect(result.format).toBe('sreworks');
    expect(result.ok).toBe(false);
    expect(result.issues.length).toBeGreaterThan(0);
  });
});
