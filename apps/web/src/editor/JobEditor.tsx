import { ReactFlowProvider } from '@xyflow/react';
import { EditorCanvas } from './EditorCanvas.js';
import { Inspector } from './Inspector.js';
import { IssuesPanel } from './IssuesPanel.js';
import { Palette } from './Palette.js';

/** The pipeline editor: palette, canvas and problems, inspector. The page provides the store. */
export function JobEditor() {
  return (
    <ReactFlowProvider>
      <div className="editor" data-testid="job-editor">
        <Palette />
        <div className="editor__main">
          <EditorCanvas />
          <IssuesPanel />
        </div>
        <Inspector />
      </div>
    </ReactFlowProvider>
  );
}
