import { memo } from 'react';

/** Read-only code with line numbers (numbers are CSS counters, so copying the code copies only code). */
export const CodeView = memo(function CodeView({
  code,
  label,
  testId,
}: {
  code: string;
  label: string;
  testId?: string;
}) {
  const lines = code.replace(/\n$/, '').split('\n');
  return (
    <pre className="code-view" aria-label={label} data-testid={testId} tabIndex={0}>
      <code>
        {lines.map((line, i) => (
          // Lines never move: the index is a stable key here.
          // biome-ignore lint/suspicious/noArrayIndexKey: static text
          <span key={i} className="code-view__line">
            {line}
            {'\n'}
          </span>
        ))}
      </code>
    </pre>
  );
});
