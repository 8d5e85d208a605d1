import { useEffect } from 'react';

/** Sets the tab title (`<title> · Sluice`) while the page is shown. */
export function usePageTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Sluice` : 'Sluice';
  }, [title]);
}
