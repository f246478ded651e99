/** Offers a file to the user as a download (nothing leaves the device: the browser saves it). */
export function offerDownload(blob: Blob, fileName: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = fileName;
  a.click();
  // Some browsers start reading the URL only after click() returns.
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
