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
    <figure className="code-figure">
      <figcaption className="visually-hidden">{label}</figcaption>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to be scrolled */}
      <pre className="code-view" data-testid={testId} tabIndex={0}>
        <code>
          {lines.map((line, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: lines of static text never move
            <span key={i} className="code-view__line">
              {line}
              {'\n'}
            </span>
          ))}
        </code>
      </pre>
    </figure>
  );
});
