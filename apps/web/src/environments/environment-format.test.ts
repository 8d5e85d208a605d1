import { describe, expect, it } from 'vitest';
import { parseJars, requirementNames } from './environment-format.js';

describe('environment formatting', () => {
  it('names the packages of a requirements file', () => {
    const text =
      '# tools\nrequests==2.32.3\n-r other.txt\n\nnumpy>=2; python_version>"3.9"\npydantic[email]\n';
    expect(requirementNames(text)).toEqual(['requests', 'numpy', 'pydantic']);
  });

  it('reads one jar coordinate per line', () => {
    expect(parseJars(' a:b:1 \n\nc:d:2\n')).toEqual(['a:b:1', 'c:d:2']);
  });
});
