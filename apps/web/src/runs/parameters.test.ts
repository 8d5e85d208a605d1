import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/http.js';
import { filledIn, parameterIssues } from './RunNowDialog.js';

describe('run parameters', () => {
  it('sends only the fields filled in', () => {
    expect(filledIn({ a: '', b: 'x', c: '0' })).toEqual({ b: 'x', c: '0' });
  });

  it('puts the API’s parameter issues under their fields', () => {
    const error = new ApiError('invalid', 400, [
      { path: 'parameters.limit', message: "parameter 'limit' must be a whole number" },
      { path: 'version', message: 'no such version' },
    ]);
    expect(parameterIssues(error)).toEqual({ limit: "parameter 'limit' must be a whole number" });
    expect(parameterIssues(new Error('x'))).toEqual({});
  });
});
