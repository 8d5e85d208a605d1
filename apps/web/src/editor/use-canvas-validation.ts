import { validateDag } from '@sluice/dag';
import { useEffect } from 'react';
import { useStore } from 'zustand';
import type { EditorStore } from './editor-store.js';
import { fromValidation } from './issues.js';

/** Validation waits for a pause in typing: it runs on the whole job, and a result per keystroke helps nobody. */
export const VALIDATION_DELAY_MS = 250;

/**
 * Validates the draft with `validateDag` (the API's own validator) a moment after each change,
 * and stores the issues for the revision they belong to.
 */
export function useCanvasValidation(store: EditorStore, delayMs = VALIDATION_DELAY_MS): void {
  const job = useStore(store, (s) => s.job);
  const revision = useStore(store, (s) => s.revision);
  useEffect(() => {
    const timer = setTimeout(() => {
      const result = validateDag(job);
      store.getState().setIssues(fromValidation(result.issues), revision);
    }, delayMs);
    return () => clearTimeout(timer);
  }, [store, job, revision, delayMs]);
}
