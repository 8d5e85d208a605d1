"""Runs Drain3 (PyPI drain3) as the baseline of the @sluice/clustering benchmarks.

parse: reads a JSON array of lines, learns them all, prints a JSON array with the final template of
       each line's cluster (the same semantics as `sluice-cluster parse`).
bench: reads a text file (one line per log line), learns it, prints lines/s and peak memory as JSON.

Settings: Drain3 defaults (sim_th 0.4, depth 4, no masking) unless --sim/--depth/--regex are given
(the logparser benchmark settings pass their per-dataset regexes, masked as <*>).
"""
import argparse
import json
import resource
import sys
import time

from drain3 import TemplateMiner
from drain3.masking import MaskingInstruction
from drain3.template_miner_config import TemplateMinerConfig


def miner(args):
    config = TemplateMinerConfig()
    config.profiling_enabled = False
    if args.sim is not None:
        config.drain_sim_th = args.sim
    if args.depth is not None:
        config.drain_depth = args.depth
    # mask_with "*" makes the mask "<*>", the wildcard of the evaluated templates.
    config.masking_instructions = [MaskingInstruction(r, "*") for r in (args.regex or [])]
    return TemplateMiner(config=config)


def parse(args):
    with open(args.input, encoding="utf-8") as f:
        lines = json.load(f)
    tm = miner(args)
    ids = [tm.add_log_message(line)["cluster_id"] for line in lines]
    templates = {c.cluster_id: c.get_template() for c in tm.drain.clusters}
    json.dump([templates[i] for i in ids], sys.stdout)


def bench(args):
    tm = miner(args)
    n = 0
    start = time.perf_counter()
    with open(args.input, encoding="utf-8", errors="replace") as f:
        for line in f:
            tm.add_log_message(line.rstrip("\n"))
            n += 1
            if args.limit and n >= args.limit:
                break
    secs = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    json.dump({"lines": n, "seconds": secs, "linesPerSec": n / secs if secs else 0,
               "peakRssMb": peak_mb, "clusters": len(tm.drain.clusters)}, sys.stdout)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["parse", "bench"])
    p.add_argument("--input", required=True)
    p.add_argument("--sim", type=float)
    p.add_argument("--depth", type=int)
    p.add_argument("--regex", action="append")
    p.add_argument("--limit", type=int, default=0)
    args = p.parse_args()
    parse(args) if args.mode == "parse" else bench(args)


if __name__ == "__main__":
    main()
