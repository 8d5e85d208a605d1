import { describe, expect, it } from 'vitest';
import { matchRoute, paths, sectionOf } from './routes.js';

describe('matchRoute', () => {
  it('maps every page', () => {
    expect(matchRoute('/')).toEqual({ page: 'jobs' });
    expect(matchRoute('/jobs/')).toEqual({ page: 'jobs' });
    expect(matchRoute('/jobs/new', '?example=datagenDemo')).toEqual({
      page: 'job-new',
      example: 'datagenDemo',
    });
    expect(matchRoute('/jobs/orders', '?tab=versions')).toEqual({
      page: 'job',
      name: 'orders',
      tab: 'versions',
    });
    expect(matchRoute('/jobs/orders', '?tab=bogus')).toEqual({
      page: 'job',
      name: 'orders',
      tab: 'pipeline',
    });
    expect(matchRoute('/runs', '?job=a&status=FAILED')).toEqual({ page: 'runs', job: 'a', status: 'FAILED' });
    expect(matchRoute('/runs/42')).toEqual({ page: 'run', id: 42 });
    expect(matchRoute('/environments/default')).toEqual({ page: 'environment', name: 'default' });
    expect(matchRoute('/health')).toEqual({ page: 'health' });
  });

  it('does not guess at unknown or malformed paths', () => {
    expect(matchRoute('/runs/abc').page).toBe('not-found');
    expect(matchRoute('/jobs/a/b').page).toBe('not-found');
    expect(matchRoute('/jobs/%E0%A4%A')).toEqual({ page: 'not-found', path: '/jobs/%E0%A4%A' });
  });

  it('reads back every path it writes', () => {
    expect(matchRoute(...split(paths.job('a b', 'runs')))).toEqual({ page: 'job', name: 'a b', tab: 'runs' });
    expect(matchRoute(...split(paths.newJob({ draft: 'x1' })))).toEqual({ page: 'job-new', draft: 'x1' });
    expect(matchRoute(...split(paths.runs({ status: 'RUNNING' })))).toEqual({
      page: 'runs',
      status: 'RUNNING',
    });
    expect(sectionOf(matchRoute(paths.run(3)))).toBe('runs');
  });
});

function split(href: string): [string, string] {
  const i = href.indexOf('?');
  return i === -1 ? [href, ''] : [href.slice(0, i), href.slice(i)];
}
