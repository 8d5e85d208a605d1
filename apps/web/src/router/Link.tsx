import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { navigate } from './history.js';

type Props = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string; replace?: boolean };

/** An `<a>` that navigates inside the app; modified clicks (new tab, download) keep the browser's behaviour. */
export function Link({ to, replace, onClick, ...rest }: Props) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey ||
      rest.target === '_blank'
    ) {
      return;
    }
    event.preventDefault();
    navigate(to, { replace });
  };
  return <a href={to} onClick={handleClick} {...rest} />;
}
