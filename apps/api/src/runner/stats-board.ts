import type { PlannedNode } from './dag-plan.js';
import type { NodeStats, NodeStatus } from './run-context.js';

/** Live per-node counters of one run; `snapshot()` hands out copies the caller may keep. */
export class StatsBoard {
  private readonly stats = new Map<string, NodeStats>();

  constructor(order: readonly PlannedNode[]) {
    for (const { node } of order) {
      this.stats.set(node.id, {
        nodeId: node.id,
        name: node.name,
        kind: node.kind,
        status: 'pending',
        recordsIn: 0,
        recordsOut: 0,
        batchesIn: 0,
        batchesOut: 0,
        busyMs: 0,
      });
    }
  }

  get(nodeId: string): NodeStats {
    const s = this.stats.get(nodeId);
    if (!s) throw new Error(`no stats for node '${nodeId}'`);
    return s;
  }

  start(nodeId: string): NodeStats {
    const s = this.get(nodeId);
    s.status = 'running';
    s.startedAt ??= new Date();
    return s;
  }

  finish(nodeId: string, status: NodeStatus): void {
    const s = this.get(nodeId);
    s.status = status;
    s.finishedAt ??= new Date();
  }

  /** Ends the run: `failedNode` failed, anything not finished was cancelled. */
  settle(failedNode: string | undefined): void {
    for (const s of this.stats.values()) {
      if (s.nodeId === failedNode) this.finish(s.nodeId, 'failed');
      else if (s.status === 'pending' || s.status === 'running') {
        s.status = 'cancelled';
        if (s.startedAt) s.finishedAt ??= new Date();
      }
    }
  }

  snapshot(): NodeStats[] {
    return [...this.stats.values()].map((s) => ({ ...s, busyMs: Math.round(s.busyMs) }));
  }
}
