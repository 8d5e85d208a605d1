"""Python shim of @sluice/clustering.

Loads the self-contained JavaScript bundle of the clustering core
(``packages/clustering/dist/sluice-clustering.bundle.js``) into an embedded V8 (PyPI ``mini-racer``),
so that Flink python steps and batch steps use the very same implementation as the API and the web
app: same patterns, same ids, same templates. There is no second implementation in Python.

Example::

    from sluice_clustering import Clusterer

    with Clusterer() as c:
        r = c.learn("connection from 10.0.0.1 closed")
        r["patternId"], r["template"], r["params"]
        results = c.learn_batch(lines)          # one boundary crossing for many lines
        state = c.snapshot()                    # JSON-ready dict; Clusterer.restore(state) brings it back

Calls cross the Python/V8 boundary as JSON; batch them (``learn_batch``) for throughput.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterable, Optional

from py_mini_racer import MiniRacer

__all__ = ["Clusterer", "default_bundle_path"]

_ENV_BUNDLE = "SLUICE_CLUSTERING_BUNDLE"

# Glue kept on the JS side: instances by handle, and compact results (arrays, not objects) so that
# the JSON crossing the boundary stays small.
_GLUE = r"""
globalThis.__sluice = (() => {
  const S = globalThis.SluiceClustering;
  const instances = new Map();
  let next = 1;
  const get = (h) => {
    const c = instances.get(h);
    if (!c) throw new Error('sluice_clustering: unknown or closed clusterer handle ' + h);
    return c;
  };
  const pack = (r, withParams) => [r.patternId, r.template, withParams ? r.params : null, r.isNew,
    r.changes.map((x) => [x.from, x.to]), r.truncated, r.header];
  return {
    create(options) { const h = next++; instances.set(h, new S.LogClusterer(options || undefined)); return h; },
    restore(snapshot, options) { const h = next++; instances.set(h, S.LogClusterer.restore(snapshot, options || undefined)); return h; },
    learnBatch(h, lines, withParams) { return get(h).learnBatch(lines).map((r) => pack(r, withParams)); },
    match(h, line) { return get(h).match(line); },
    patterns(h) { return get(h).patterns(); },
    topPatterns(h) { return get(h).topPatterns(); },
    snapshot(h) { return get(h).snapshot(); },
    parse(h, lines) { return get(h).parseAll(lines).map((p) => [p.patternId, p.template]); },
    resolveId(h, id) { return get(h).resolveId(id); },
    stats(h) { const c = get(h); return [c.lineCount, c.clusterCount, c.patternCount]; },
    close(h) { instances.delete(h); return true; },
  };
})();
"""


def default_bundle_path() -> Path:
    """The bundle named by $SLUICE_CLUSTERING_BUNDLE, else the one built in this repository."""
    env = os.environ.get(_ENV_BUNDLE)
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "clustering" / "dist" / "sluice-clustering.bundle.js"


def _unpack(row: list) -> dict:
    pattern_id, template, params, is_new, changes, truncated, header = row
    out = {
        "patternId": pattern_id,
        "template": template,
        "isNew": is_new,
        "templateChanged": len(changes) > 0,
        "changes": [{"from": a, "to": b} for a, b in changes],
        "truncated": truncated,
        "header": header,
    }
    if params is not None:
        out["params"] = params
    return out


class Clusterer:
    """An online log clusterer running the @sluice/clustering bundle in an embedded V8.

    ``options`` is the same dict as the TypeScript ``ClustererOptions`` (camelCase keys), e.g.
    ``{"headerFormat": "<Date> <Time> <Level>: <Content>"}``; the defaults need none.
    """

    def __init__(self, options: Optional[dict] = None, bundle_path: Optional[os.PathLike] = None,
                 _snapshot: Any = None) -> None:
        path = Path(bundle_path) if bundle_path else default_bundle_path()
        if not path.is_file():
            raise FileNotFoundError(
                f"sluice_clustering: bundle not found at {path} "
                f"(build it with `npm run build -w @sluice/clustering` or set ${_ENV_BUNDLE})")
        self._ctx = MiniRacer()
        self._ctx.eval(path.read_text(encoding="utf-8"))
        self._ctx.eval(_GLUE)
        if _snapshot is None:
            self._handle = self._ctx.call("__sluice.create", options or None)
        else:
            snap = json.loads(_snapshot) if isinstance(_snapshot, (str, bytes)) else _snapshot
            self._handle = self._ctx.call("__sluice.restore", snap, options or None)

    @classmethod
    def restore(cls, snapshot: Any, options: Optional[dict] = None,
                bundle_path: Optional[os.PathLike] = None) -> "Clusterer":
        """Rebuilds a clusterer from ``snapshot()`` output (a dict or its JSON text)."""
        return cls(options, bundle_path, _snapshot=snapshot)

    def learn(self, line: str, with_params: bool = True) -> dict:
        """Learns one line; returns patternId, template, params, isNew, templateChanged, changes."""
        return self.learn_batch([line], with_params)[0]

    def learn_batch(self, lines: Iterable[str], with_params: bool = True) -> list:
        """Learns lines in order (one boundary crossing); same results as ``learn`` for each."""
        rows = self._ctx.call("__sluice.learnBatch", self._handle, list(lines), bool(with_params))
        return [_unpack(r) for r in rows]

    def parse(self, lines: Iterable[str]) -> list:
        """Learns all lines and returns each line's final (patternId, template)."""
        return [tuple(r) for r in self._ctx.call("__sluice.parse", self._handle, list(lines))]

    def match(self, line: str) -> Optional[dict]:
        """The pattern covering ``line`` without learning it, or None."""
        return self._ctx.call("__sluice.match", self._handle, line)

    def patterns(self) -> list:
        """All live patterns (patternId, template, count, sample, topPatternId), most frequent first."""
        return self._ctx.call("__sluice.patterns", self._handle)

    def top_patterns(self) -> list:
        """Families of near-identical templates (topPatternId, template, count, patternIds)."""
        return self._ctx.call("__sluice.topPatterns", self._handle)

    def resolve_id(self, pattern_id: str) -> str:
        """Follows replaced ids to the live pattern id."""
        return self._ctx.call("__sluice.resolveId", self._handle, pattern_id)

    def snapshot(self) -> dict:
        """The whole state as a JSON-ready dict (versioned format)."""
        return self._ctx.call("__sluice.snapshot", self._handle)

    def stats(self) -> dict:
        lines, clusters, patterns = self._ctx.call("__sluice.stats", self._handle)
        return {"lines": lines, "clusters": clusters, "patterns": patterns}

    def close(self) -> None:
        """Releases the V8 isolate (also done by ``with`` and at garbage collection)."""
        ctx = getattr(self, "_ctx", None)
        if ctx is not None:
            self._ctx = None
            ctx.close()

    def __enter__(self) -> "Clusterer":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass
