import { describe, expect, it } from 'vitest';
import { createEnvironmentSchema, requirementsProblems } from './environment.types.js';

describe('requirementsProblems', () => {
  it('accepts specifiers, comments, markers and index options', () => {
    const text = [
      '# pinned',
      'requests==2.32.3',
      'numpy>=1.26; python_version >= "3.11"  # fast math',
      '--extra-index-url https://pypi.org/simple',
      '',
    ].join('\n');
    expect(requirementsProblems(text)).toEqual([]);
  });

  it('refuses options and paths that make pip read host files, naming the line', () => {
    expect(requirementsProblems('ok==1\n-r /etc/passwd')).toEqual([
      expect.stringMatching(/^line 2: pip option `-r` is not allowed/),
    ]);
    expect(requirementsProblems('-e ./src')[0]).toMatch(/^line 1: pip option `-e`/);
    expect(requirementsProblems('/tmp/evil.whl')[0]).toMatch(/^line 1: local paths are not allowed/);
    expect(requirementsProblems('pkg @ file:///tmp/x')[0]).toMatch(/local paths/);
    expect(requirementsProblems('--find-links /tmp/wheels')[0]).toMatch(/not a local path/);
  });
});

describe('createEnvironmentSchema', () => {
  it('fills defaults and leaves room for Flink settings', () => {
    expect(createEnvironmentSchema.parse({ name: 'ml-1' })).toEqual({
      name: 'ml-1',
      description: '',
      requirements: '',
      flinkVersion: null,
      jars: [],
      build: true,
    });
  });

  it('rejects bad names and jar coordinates', () => {
    const result = createEnvironmentSchema.safeParse({ name: 'Bad Name', jars: ['not-a-coordinate'] });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['name', 'jars.0']);
  });
});
