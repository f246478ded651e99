/**
 * The files of a folder dropped on the page, with their paths inside it: a drop gives a
 * folder as one entry whose files must be read through the (webkit-prefixed, but in every
 * browser) entries API; plain files dropped together keep their names.
 */
export interface DroppedFile {
  file: File;
  /** e.g. "my-model/model.json". */
  path: string;
}

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

async function walk(entry: FileSystemEntry, out: DroppedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ file, path: entry.fullPath.replace(/^\//, '') });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries gives a folder's entries in chunks, until an empty one.
  for (let chunk = await readEntries(reader); chunk.length; chunk = await readEntries(reader)) {
    for (const child of chunk) await walk(child, out);
  }
}

export async function droppedFiles(data: DataTransfer): Promise<DroppedFile[]> {
  const entries = [...data.items].map((item) => item.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  if (!entries.length) return [...data.files].map((file) => ({ file, path: file.name }));
  const out: DroppedFile[] = [];
  for (const entry of entries) await walk(entry, out);
  return out;
}
