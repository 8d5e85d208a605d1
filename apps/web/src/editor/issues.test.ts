import { describe, expect, it } from 'vitest';
import {
  fieldKey,
  fromApi,
  fromValidation,
  issueFieldKeys,
  issuesAt,
  mergeIssues,
  nodeLevelIssues,
  sortIssues,
} from './issues.js';

const canvas = fromValidation([
  {
    path: ['graph', 'nodes', 3, 'config', 'options', 'topic'],
    code: 'option.missing',
    message: 'topic',
    severity: 'error',
    nodeId: 'k',
  },
  {
    path: ['graph', 'nodes', 3],
    code: 'graph.unconnected',
    message: 'not connected',
    severity: 'warning',
    nodeId: 'k',
  },
  { path: ['schedule', 'cron'], code: 'schedule.cron-fields', message: 'cron', severity: 'error' },
  { path: ['tags', 0], code: 'job.tag-duplicate', message: 'tag', severity: 'info' },
]);

describe('editor issues', () => {
  it('finds the issues of one field below a node, whatever the node index', () => {
    expect(issuesAt(canvas, ['config', 'options', 'topic'], 'k').map((i) => i.message)).toEqual(['topic']);
    expect(issuesAt(canvas, ['config', 'options'], 'other')).toEqual([]);
  });

  it('finds job-level issues by path', () => {
    expect(issuesAt(canvas, ['schedule']).map((i) => i.message)).toEqual(['cron']);
  });

  it('lists node issues no field shows', () => {
    expect(nodeLevelIssues(canvas, 'k', [['config', 'options']]).map((i) => i.message)).toEqual([
      'not connected',
    ]);
  });

  it('sorts errors first', () => {
    expect(sortIssues(canvas).map((i) => i.severity)).toEqual(['error', 'error', 'warning', 'info']);
  });

  it('names the fields an issue can focus, most specific first', () => {
    expect(issueFieldKeys(canvas[0]!)).toEqual([
      fieldKey('k', ['config', 'options', 'topic']),
      fieldKey('k', ['config', 'options']),
      fieldKey('k', ['config']),
    ]);
    expect(fieldKey(undefined, ['schedule', 'cron'])).toBe('job:schedule.cron');
  });

  it('takes API issues as they come, severity error by default', () => {
    const [issue] = fromApi([{ path: 'graph.nodes[0].name', message: 'bad', nodeId: 'a' }]);
    expect(issue).toMatchObject({
      path: 'graph.nodes[0].name',
      severity: 'error',
      origin: 'server',
      nodeId: 'a',
    });
    expect(issue?.segments).toBeUndefined();
  });

  it('drops the API’s copies of issues the canvas already shows', () => {
    const server = fromApi([
      { path: 'schedule.cron', message: 'cron' },
      { path: 'environment', message: "environment 'x' does not exist" },
    ]);
    const merged = mergeIssues(canvas, server);
    expect(merged).toHaveLength(canvas.length + 1);
    expect(merged.at(-1)?.message).toBe("environment 'x' does not exist");
  });
});
