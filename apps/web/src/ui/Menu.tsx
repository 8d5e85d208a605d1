import { type ReactNode, useEffect, useRef } from 'react';

/**
 * A small drop-down menu on `<details>`: keyboard and screen-reader friendly without scripts; closes
 * when an item is chosen, on Escape, or on a click elsewhere.
 */
export function Menu({
  label,
  children,
  testId,
  align = 'end',
  className = 'button',
}: {
  label: ReactNode;
  children: ReactNode;
  testId?: string;
  align?: 'start' | 'end';
  className?: string;
}) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const onPointer = (event: PointerEvent) => {
      const details = ref.current;
      if (details?.open && !details.contains(event.target as Node)) details.open = false;
    };
    const onKey = (event: KeyboardEvent) => {
      const details = ref.current;
      if (event.key === 'Escape' && details?.open) {
        details.open = false;
        details.querySelector('summary')?.focus();
      }
    };
    // Choosing an item closes the menu (items are links and buttons, which handle keys themselves).
    const onChoose = (event: MouseEvent) => {
      const details = ref.current;
      if (details && (event.target as Element).closest('.menu__item')) details.open = false;
    };
    const details = ref.current;
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    details?.addEventListener('click', onChoose);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
      details?.removeEventListener('click', onChoose);
    };
  }, []);
  return (
    <details ref={ref} className={`menu menu--${align}`} data-testid={testId}>
      <summary className={className}>{label}</summary>
      <div className="menu__items">{children}</div>
    </details>
  );
}
