import { useReactFlow } from '@xyflow/react';
import type { DragEvent } from 'react';
import { useEditorStore } from './editor-context.js';
import { NODE_DEFINITIONS, NODE_KINDS } from './node-registry.js';

/** The drag type of palette items, read by the canvas's drop handler. */
export const PALETTE_DND_TYPE = 'application/x-sluice-node-kind';

/**
 * The node kinds from the registry. Drag one onto the canvas to place it, or click it (or press
 * Enter) to add it in its column; the view then fits the whole pipeline.
 */
export function Palette() {
  const store = useEditorStore();
  const flow = useReactFlow();
  return (
    <nav className="palette" aria-label="Add a node" data-testid="palette">
      <p className="palette__title">Add</p>
      {NODE_KINDS.map((kind) => {
        const def = NODE_DEFINITIONS[kind];
        return (
          <button
            key={kind}
            type="button"
            className={`palette__item palette__item--${kind}`}
            draggable
            data-testid={`palette-${kind}`}
            title={def.hint}
            onDragStart={(event: DragEvent) => {
              event.dataTransfer.setData(PALETTE_DND_TYPE, kind);
              event.dataTransfer.effectAllowed = 'copy';
            }}
            onClick={() => {
              store.getState().addNode(kind);
              // Two frames: the new node must be rendered and measured before the view can fit it.
              requestAnimationFrame(() =>
                requestAnimationFrame(() => void flow.fitView({ padding: 0.12, maxZoom: 1 })),
              );
            }}
          >
            <svg className={`kind-glyph kind-glyph--${kind}`} viewBox="0 0 24 24" aria-hidden="true">
              <path d={def.glyph} />
            </svg>
            <span className="palette__label">{def.label}</span>
            <span className="palette__hint">{def.hint}</span>
          </button>
        );
      })}
    </nav>
  );
}
