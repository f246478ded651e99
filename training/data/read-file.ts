/** Reading a file in Node so that a missing or malformed one is refused as a FileProblemError naming it. */
import { readFileSync } from 'node:fs';
import { parseJsonText, type FileProblemErrorClass } from '../../src/lib/files/problems';

export function readFileOr(path: string, ErrorClass: FileProblemErrorClass): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new ErrorClass(path, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

export function readTextOr(path: string, ErrorClass: FileProblemErrorClass): string {
  return readFileOr(path, ErrorClass).toString('utf8');
}

export function readJsonOr(path: string, ErrorClass: FileProblemErrorClass): unknown {
  return parseJsonText(readTextOr(path, ErrorClass), path, ErrorClass);
}
