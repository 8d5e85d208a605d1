import { describe, expect, it } from 'vitest';
import { pythonSyntaxProblems } from './python-syntax.js';

describe('pythonSyntaxProblems (real python3)', () => {
  it('reports each broken step with its line, and passes good ones', async () => {
    const problems = await pythonSyntaxProblems('python3', [
      { id: 'ok', name: 'ok', code: 'def process(record, ctx):\n    return record\n' },
      { id: 'bad', name: 'bad', code: 'def process(record, ctx):\n    return record +\n' },
      { id: 'nul', name: 'nul', code: 'x = 1\0\n' },
    ]);
    expect(problems?.map((p) => p.id)).toEqual(['bad', 'nul']);
    expect(problems?.[0]).toMatchObject({ line: 2, message: 'invalid syntax' });
  });

  it('says nothing (undefined) when the interpreter cannot be run', async () => {
    expect(await pythonSyntaxProblems('/nonexistent/python', [{ id: 'a', name: 'a', code: 'x' }])).toBe(
      undefined,
    );
  });
});
