import { createContext, useContext, useMemo } from 'react';
import { useStore } from 'zustand';
import type { EditorState, EditorStore } from './editor-store.js';
import { type EditorIssue, mergeIssues } from './issues.js';

export const EditorStoreContext = createContext<EditorStore | null>(null);

/** The store of the editor this component is inside of. */
export function useEditorStore(): EditorStore {
  const store = useContext(EditorStoreContext);
  if (store === null) throw new Error('useEditorStore: no EditorStoreContext.Provider above this component');
  return store;
}

/** A slice of the editor state; re-renders only when the slice changes (`Object.is`). */
export function useEditor<T>(selector: (state: EditorState) => T): T {
  return useStore(useEditorStore(), selector);
}

/** Every issue the editor shows (canvas validation and the last save's), stable between renders. */
export function useAllIssues(): EditorIssue[] {
  const issues = useEditor((s) => s.issues);
  const serverIssues = useEditor((s) => s.serverIssues);
  return useMemo(() => mergeIssues(issues, serverIssues), [issues, serverIssues]);
}
