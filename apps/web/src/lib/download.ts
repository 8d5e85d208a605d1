/** Saves bytes or text as a file through a temporary object URL (no server round trip). */
export function downloadFile(fileName: string, content: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked on the next task: some browsers read the URL only after click() returned.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
