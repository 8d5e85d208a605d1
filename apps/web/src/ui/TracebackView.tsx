import { memo } from 'react';

const FRAME = /^\s*File "([^"]*)", line (\d+)(?:, in (.*))?$/;

/** A Python traceback: frames dimmed, the user's own code and the final exception line stand out. */
export const TracebackView = memo(function TracebackView({ text }: { text: string }) {
  const lines = text.replace(/\n$/, '').split('\n');
  const last = lines.length - 1;
  return (
    <pre className="traceback" data-testid="traceback">
      {lines.map((line, i) => {
        const frame = FRAME.exec(line);
        let cls = 'traceback__line';
        if (i === last) cls += ' traceback__exception';
        else if (frame)
          cls += frame[1]?.includes('site-packages') ? ' traceback__frame--lib' : ' traceback__frame';
        else if (line.startsWith('Traceback')) cls += ' traceback__head';
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: static text
          <span key={i} className={cls}>
            {line}
            {'\n'}
          </span>
        );
      })}
    </pre>
  );
});
