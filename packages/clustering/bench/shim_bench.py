"""Throughput of the Python shim (bundle in mini-racer): learn_batch over a text file, one log
message per line, in batches; prints lines/s as JSON. Run with PYTHONPATH=packages/python."""
import argparse
import json
import resource
import sys
import time

from sluice_clustering import Clusterer


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--input", required=True)
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--batch", type=int, default=5000)
    p.add_argument("--params", action="store_true", help="also return the variable values")
    args = p.parse_args()
    with open(args.input, encoding="utf-8", errors="replace") as f:
        lines = [line.rstrip("\n") for _, line in zip(range(args.limit or 10**12), f)]
    with Clusterer() as c:
        start = time.perf_counter()
        for i in range(0, len(lines), args.batch):
            c.learn_batch(lines[i:i + args.batch], with_params=args.params)
        secs = time.perf_counter() - start
        stats = c.stats()
    json.dump({"lines": len(lines), "batch": args.batch, "params": args.params, "seconds": secs,
               "linesPerSec": len(lines) / secs if secs else 0,
               "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, **stats}, sys.stdout)


if __name__ == "__main__":
    main()
