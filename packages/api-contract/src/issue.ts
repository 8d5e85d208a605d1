/**
 * One problem with a request, as every 400 of the `/api/v1` routes reports it (and job views
 * list as `warnings`): `path` is already formatted, e.g. `graph.nodes[2].config.options.topic` or
 * `query.limit`.
 */
export interface ApiIssue {
  path: string;
  message: string;
  code?: string;
  severity?: 'error' | 'warning' | 'info';
  nodeId?: string;
  edgeId?: string;
}
