import { describe, expect, it } from 'vitest';
import { isHealthReport } from '../api/health.js';
import { detailLabel, formatLatency, safeHttpUrl, visibleDetails } from './format.js';

describe('health formatting', () => {
  it('labels known and unknown detail keys', () => {
    expect(detailLabel('slotsTotal')).toBe('Task slots');
    expect(detailLabel('queueDepthMax')).toBe('Queue Depth Max');
  });

  it('lists details without the ones shown as links, booleans as on/off', () => {
    expect(visibleDetails({ aofEnabled: true, dashboardUrl: 'http://x', brokers: 1 })).toEqual([
      { key: 'aofEnabled', label: 'Append-only file', value: 'on' },
      { key: 'brokers', label: 'Brokers', value: '1' },
    ]);
  });

  it('formats latency in ms below a second', () => {
    expect(formatLatency(3.4)).toBe('3 ms');
    expect(formatLatency(2500)).toBe('2.5 s');
  });

  it('only lets http(s) URLs through as links', () => {
    expect(safeHttpUrl('http://127.0.0.1:8081')).toBe('http://127.0.0.1:8081/');
    expect(safeHttpUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeHttpUrl(42)).toBeUndefined();
  });
});

describe('isHealthReport', () => {
  const service = { status: 'up', address: 'a', latencyMs: 1 };
  it('accepts a report with all four services', () => {
    expect(
      isHealthReport({
        status: 'ok',
        checkedAt: '',
        services: { redis: service, mysql: service, kafka: service, flink: service },
      }),
    ).toBe(true);
  });
  it('rejects other JSON', () => {
    expect(isHealthReport({ status: 'ok', services: { redis: service } })).toBe(false);
    expect(isHealthReport({ message: 'Not Found', statusCode: 404 })).toBe(false);
    expect(isHealthReport(null)).toBe(false);
  });
});
