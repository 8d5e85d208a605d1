/**
 * The editor's state: one zustand store holding the job being edited (the persisted model), the
 * React Flow view derived from it (`jobToFlow`), the selection and the issues. Actions that React
 * Flow calls are named after its callbacks (`onNodesChange`, `onEdgesChange`, `onConnect`,
 * `isValidConnection`), so the canvas wires them straight through; nothing is stored in node data
 * but plain values.
 */
import type { DagNode, Job, JobKind, NodeKind, Position } from '@sluice/dag';
import {
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { connectionProblem, layoutGraph, nextNodePosition } from './graph-rules.js';
import { type EditorIssue, mergeIssues } from './issues.js';
import { type KindStash, switchKind } from './job-defaults.js';
import { type DagFlowEdge, type DagFlowNode, jobToFlow } from './job-to-flow.js';
import { nodeDefinition } from './node-registry.js';

export interface EditorState {
  job: Job;
  /** The stored job this draft edits (null: not saved yet). */
  persisted: { name: string; version: number } | null;
  /** The job differs from what was loaded or last saved. */
  dirty: boolean;
  /** Bumped on every change of the job: validation results for an older revision are dropped. */
  revision: number;
  nodes: DagFlowNode[];
  edges: DagFlowEdge[];
  /** The node the inspector shows; null shows the job settings. */
  selectedNodeId: string | null;
  /** Issues of the canvas's own validation, for `issuesRevision`. */
  issues: EditorIssue[];
  issuesRevision: number;
  /** Issues from the API's answer to the last save; cleared by the next change. */
  serverIssues: EditorIssue[];
  /** Settings of the other job kind, kept while the user switches back and forth. */
  stash: KindStash;

  onNodesChange: (changes: NodeChange<DagFlowNode>[]) => void;
  onEdgesChange: (changes: EdgeChange<DagFlowEdge>[]) => void;
  onConnect: (connection: Connection) => void;
  isValidConnection: (connection: Connection | DagFlowEdge) => boolean;

  addNode: (kind: NodeKind, position?: Position) => string;
  updateNode: (id: string, update: (node: DagNode) => DagNode) => void;
  removeNode: (id: string) => void;
  connect: (source: string, target: string) => string | undefined;
  removeEdge: (id: string) => void;
  selectNode: (id: string | null) => void;
  updateJob: (update: (job: Job) => Job) => void;
  setKind: (kind: JobKind) => void;
  tidyLayout: () => void;
  setIssues: (issues: EditorIssue[], revision: number) => void;
  setServerIssues: (issues: EditorIssue[]) => void;
  /** Replaces the draft, e.g. with a version loaded from the API. */
  load: (job: Job, persisted: EditorState['persisted'], options?: { dirty?: boolean }) => void;
  /** The API saved `job` as `version`: the draft becomes that job, clean. */
  markSaved: (job: Job, version: number) => void;
}

export type EditorStore = StoreApi<EditorState>;

function allIssues(s: Pick<EditorState, 'issues' | 'serverIssues'>): EditorIssue[] {
  return mergeIssues(s.issues, s.serverIssues);
}

/**
 * The view for a state, reusing unchanged node and edge objects of the current one. The selection
 * is the view's (React Flow may select several nodes); `select` replaces it, e.g. when the
 * inspector or the palette picks a node.
 */
function derive(
  s: Pick<EditorState, 'job' | 'issues' | 'serverIssues' | 'nodes' | 'edges'>,
  select?: string | null,
): Pick<EditorState, 'nodes' | 'edges'> {
  const selected =
    select === undefined
      ? new Set(s.nodes.filter((n) => n.selected).map((n) => n.id))
      : new Set(select === null ? [] : [select]);
  return jobToFlow(s.job.graph, {
    issues: allIssues(s),
    selected,
    previous: { nodes: s.nodes, edges: s.edges },
  });
}

const round = (p: Position): Position => ({ x: Math.round(p.x), y: Math.round(p.y) });

/**
 * A store for one editor; pages create one per job they show.
 *
 * @example
 * const store = createEditorStore(blankJob());
 * const id = store.getState().addNode('source');
 * store.getState().selectedNodeId === id; // true
 */
export function createEditorStore(
  job: Job,
  persisted: EditorState['persisted'] = null,
  options: { dirty?: boolean } = {},
): EditorStore {
  return createStore<EditorState>()((set, get) => {
    /** Applies a change of the job: marks the draft dirty, drops stale server issues, re-derives. */
    const changeJob = (next: Job, extra: Partial<EditorState> = {}) => {
      const s = get();
      const state = { ...s, ...extra, job: next, serverIssues: [] as EditorIssue[] };
      set({
        ...extra,
        job: next,
        dirty: true,
        revision: s.revision + 1,
        serverIssues: [],
        ...derive(state, extra.selectedNodeId),
      });
    };
    const setGraph = (graph: Job['graph'], extra: Partial<EditorState> = {}) =>
      changeJob({ ...get().job, graph }, extra);

    const initial = { job, issues: [], serverIssues: [], nodes: [], edges: [] };
    return {
      job,
      persisted,
      dirty: options.dirty ?? false,
      revision: 0,
      ...derive(initial),
      selectedNodeId: null,
      issues: [],
      issuesRevision: -1,
      serverIssues: [],
      stash: {},

      onNodesChange: (changes) => {
        const s = get();
        let graph = s.job.graph;
        let graphChanged = false;
        let selectedNodeId = s.selectedNodeId;
        const removed = new Set<string>();
        for (const change of changes) {
          if (change.type === 'position' && change.position) {
            const position = round(change.position);
            graph = {
              ...graph,
              nodes: graph.nodes.map((n) => (n.id === change.id ? { ...n, position } : n)),
            };
            graphChanged = true;
          } else if (change.type === 'remove') {
            removed.add(change.id);
          } else if (change.type === 'select') {
            if (change.selected) selectedNodeId = change.id;
            else if (selectedNodeId === change.id) selectedNodeId = null;
          }
        }
        if (removed.size > 0) {
          graph = {
            nodes: graph.nodes.filter((n) => !removed.has(n.id)),
            edges: graph.edges.filter((e) => !removed.has(e.source) && !removed.has(e.target)),
          };
          graphChanged = true;
          if (selectedNodeId !== null && removed.has(selectedNodeId)) selectedNodeId = null;
        }
        // Sizes, drag state and selection are the view's: React Flow's own changes keep them.
        const nodes = applyNodeChanges(changes, s.nodes);
        if (graphChanged) {
          const job = { ...s.job, graph };
          set({
            job,
            dirty: true,
            revision: s.revision + 1,
            serverIssues: [],
            selectedNodeId,
            ...derive({ ...s, job, serverIssues: [], nodes }),
          });
        } else {
          set({ nodes, selectedNodeId });
        }
      },

      onEdgesChange: (changes) => {
        const s = get();
        const removed = new Set(changes.filter((c) => c.type === 'remove').map((c) => c.id));
        const edges = applyEdgeChanges(changes, s.edges);
        if (removed.size === 0) {
          set({ edges });
          return;
        }
        const job = {
          ...s.job,
          graph: { ...s.job.graph, edges: s.job.graph.edges.filter((e) => !removed.has(e.id)) },
        };
        set({
          job,
          dirty: true,
          revision: s.revision + 1,
          serverIssues: [],
          ...derive({ ...s, job, serverIssues: [], edges }),
        });
      },

      onConnect: (connection) => {
        get().connect(connection.source, connection.target);
      },

      isValidConnection: (connection) =>
        connectionProblem(get().job.graph, connection.source, connection.target) === undefined,

      connect: (source, target) => {
        const graph = get().job.graph;
        const problem = connectionProblem(graph, source, target);
        if (problem !== undefined) return problem;
        setGraph({ ...graph, edges: [...graph.edges, { id: `${source}->${target}`, source, target }] });
        return undefined;
      },

      removeEdge: (id) => {
        const graph = get().job.graph;
        setGraph({ ...graph, edges: graph.edges.filter((e) => e.id !== id) });
      },

      addNode: (kind, position) => {
        const graph = get().job.graph;
        const node = nodeDefinition(kind).create(graph, round(position ?? nextNodePosition(graph, kind)));
        setGraph({ ...graph, nodes: [...graph.nodes, node] }, { selectedNodeId: node.id });
        return node.id;
      },

      updateNode: (id, update) => {
        const graph = get().job.graph;
        setGraph({ ...graph, nodes: graph.nodes.map((n) => (n.id === id ? update(n) : n)) });
      },

      removeNode: (id) => {
        const s = get();
        const graph = s.job.graph;
        setGraph(
          {
            nodes: graph.nodes.filter((n) => n.id !== id),
            edges: graph.edges.filter((e) => e.source !== id && e.target !== id),
          },
          s.selectedNodeId === id ? { selectedNodeId: null } : {},
        );
      },

      selectNode: (selectedNodeId) => {
        const s = get();
        if (s.selectedNodeId === selectedNodeId) return;
        set({ selectedNodeId, ...derive(s, selectedNodeId) });
      },

      updateJob: (update) => changeJob(update(get().job)),

      setKind: (kind) => {
        const s = get();
        const { job, stash } = switchKind(s.job, kind, s.stash);
        if (job !== s.job) changeJob(job, { stash });
      },

      tidyLayout: () => {
        const graph = get().job.graph;
        const positions = layoutGraph(graph);
        if (positions.size === 0) return;
        setGraph({
          ...graph,
          nodes: graph.nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position })),
        });
      },

      setIssues: (issues, revision) => {
        const s = get();
        // A result for an older draft arrives after a newer edit: the next validation replaces it.
        if (revision !== s.revision) return;
        set({ issues, issuesRevision: revision, ...derive({ ...s, issues }) });
      },

      setServerIssues: (serverIssues) => {
        const s = get();
        set({ serverIssues, ...derive({ ...s, serverIssues }) });
      },

      load: (next, persistedNext, opts = {}) => {
        const s = get();
        const selectedNodeId = next.graph.nodes.some((n) => n.id === s.selectedNodeId)
          ? s.selectedNodeId
          : null;
        set({
          job: next,
          persisted: persistedNext,
          dirty: opts.dirty ?? false,
          revision: s.revision + 1,
          issues: [],
          serverIssues: [],
          selectedNodeId,
          stash: {},
          ...derive({ ...s, job: next, issues: [], serverIssues: [] }, selectedNodeId),
        });
      },

      markSaved: (saved, version) => {
        const s = get();
        const selectedNodeId = saved.graph.nodes.some((n) => n.id === s.selectedNodeId)
          ? s.selectedNodeId
          : null;
        set({
          job: saved,
          persisted: { name: saved.name, version },
          dirty: false,
          revision: s.revision + 1,
          serverIssues: [],
          selectedNodeId,
          ...derive({ ...s, job: saved, serverIssues: [] }, selectedNodeId),
        });
      },
    };
  });
}

/** Every issue the editor shows now: the canvas's and the last save's. */
export function selectAllIssues(s: EditorState): EditorIssue[] {
  return allIssues(s);
}
