/** Saves text or bytes as a download in the browser (a Blob URL on a clicked link, released once the download has it). */
export function saveFile(file: { fileName: string; type: string } & ({ text: string } | { bytes: Uint8Array })): void {
  const part = 'text' in file ? file.text : new Uint8Array(file.bytes);
  const url = URL.createObjectURL(new Blob([part], { type: file.type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
