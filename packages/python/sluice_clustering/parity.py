"""Parity run of the Python shim: learns the Content column of every Loghub-2k system (one clusterer
per system) through the bundle in mini-racer and prints, as JSON, each line's learn result (pattern
id, template, params) and final pattern, plus the measured lines/s. The TypeScript test compares it
with Node's output for the same lines.

Usage: python -m sluice_clustering.parity <dataset-dir> [--batch 2000]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

from . import Clusterer

SUFFIX = "_2k.log_structured_corrected.csv"


def load_contents(path: Path) -> list:
    with path.open(encoding="utf-8", newline="") as f:
        return [row["Content"] for row in csv.DictReader(f)]


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("dataset")
    p.add_argument("--batch", type=int, default=2000)
    args = p.parse_args()
    root = Path(args.dataset)
    systems = sorted(d.name for d in root.iterdir() if (d / f"{d.name}{SUFFIX}").is_file())
    if not systems:
        sys.exit(f"parity: no <System>/<System>{SUFFIX} under {root}")
    out = {"systems": {}}
    total_lines = 0
    learn_seconds = 0.0
    for name in systems:
        lines = load_contents(root / name / f"{name}{SUFFIX}")
        with Clusterer() as c:
            start = time.perf_counter()
            results = []
            for i in range(0, len(lines), args.batch):
                results.extend(c.learn_batch(lines[i:i + args.batch]))
            learn_seconds += time.perf_counter() - start
            total_lines += len(lines)
            # The snapshot survives a JSON round trip through Python and restores the same patterns.
            snapshot = json.loads(json.dumps(c.snapshot()))
            with Clusterer.restore(snapshot) as r:
                restored_ok = r.patterns() == c.patterns() and r.snapshot() == snapshot
        with Clusterer() as c:
            final = c.parse(lines)
        out["systems"][name] = {
            "learned": [[r["patternId"], r["template"], r["params"]] for r in results],
            "final": [list(x) for x in final],
            "snapshotRoundTrip": restored_ok,
        }
    out["lines"] = total_lines
    out["learnSeconds"] = learn_seconds
    out["linesPerSec"] = total_lines / learn_seconds if learn_seconds else 0
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
