/**
 * The self-contained bundle loaded into an embedded V8 inside Python (PyPI mini-racer, through the
 * shim in packages/python/sluice_clustering) must give exactly the same pattern ids, templates and
 * variable values as Node, on every line of every Loghub-2k system. Also reports the Python lines/s.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listSystems, loadSystem } from '../bench/loghub.js';
import { ensurePython, packageRoot } from '../bench/python.js';
import { LogClusterer } from '../src/index.js';
import { hasLoghub, LOGHUB_DIR } from './loghub.js';

interface ParityOutput {
  systems: Record<
    string,
    { learned: [string, string, string[]][]; final: [string, string][]; snapshotRoundTrip: boolean }
  >;
  lines: number;
  linesPerSec: number;
}

const bundle = join(packageRoot, 'dist', 'sluice-clustering.bundle.js');

describe('Python shim (bundle in mini-racer)', () => {
  it.skipIf(!hasLoghub)(
    'matches Node exactly on every Loghub line',
    () => {
      expect(existsSync(bundle), `${bundle} is built by npm run build`).toBe(true);
      const python = ensurePython();
      const out = execFileSync(python, ['-m', 'sluice_clustering.parity', LOGHUB_DIR], {
        cwd: join(packageRoot, '..', 'python'),
        encoding: 'utf8',
        maxBuffer: 1 << 28,
        env: { ...process.env, SLUICE_CLUSTERING_BUNDLE: bundle },
      });
      const py = JSON.parse(out) as ParityOutput;
      const systems = listSystems(LOGHUB_DIR);
      expect(Object.keys(py.systems).sort()).toEqual(systems);
      let lines = 0;
      for (const name of systems) {
        const contents = loadSystem(LOGHUB_DIR, name).contents;
        lines += contents.length;
        const learned = new LogClusterer()
          .learnBatch(contents)
          .map((r) => [r.patternId, r.template, r.params]);
        const final = new LogClusterer().parseAll(contents).map((p) => [p.patternId, p.template]);
        expect(py.systems[name]!.learned, `${name}: learn results`).toEqual(learned);
        expect(py.systems[name]!.final, `${name}: final patterns`).toEqual(final);
        expect(py.systems[name]!.snapshotRoundTrip, `${name}: snapshot round trip in Python`).toBe(true);
      }
      expect(py.lines).toBe(lines);
      console.log(
        `python shim: ${py.lines} Loghub lines learned at ${Math.round(py.linesPerSec)} lines/s (learn_batch, with params)`,
      );
    },
    180_000,
  );
});
