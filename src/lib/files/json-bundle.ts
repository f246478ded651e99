/**
 * One-file bundles written as a single UTF-8 JSON document (`.signpack`, `.signscene`): no zip,
 * so no dependency. Before a bundle's schema is checked, the file must be small enough, text,
 * whole JSON, and of the right format and version; each is refused with a plain message.
 */
import type { FileProblemErrorClass } from './problems';

export interface JsonBundleKind {
  /** The `format` field every file of the kind carries, e.g. `signquest-signpack`. */
  format: string;
  version: number;
  extension: string;
  /** Larger files are refused before they are read. */
  maxBytes: number;
  /** What the file is, for messages: "a sign pack". */
  what: string;
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

/** Refuses a file too large to be of `kind` (callers check a file's size before reading it). */
export function checkBundleSize(bytes: number, fileName: string, kind: JsonBundleKind, ErrorClass: FileProblemErrorClass): void {
  if (bytes > kind.maxBytes) throw new ErrorClass(fileName, `too large: ${megabytes(bytes)} MB (at most ${megabytes(kind.maxBytes)} MB)`);
}

/** The file's JSON, once it is known to be of `kind` and version; throws `ErrorClass` naming the file otherwise. */
export function readBundleJson(input: Uint8Array | string, fileName: string, kind: JsonBundleKind, ErrorClass: FileProblemErrorClass): unknown {
  checkBundleSize(typeof input === 'string' ? input.length : input.byteLength, fileName, kind, ErrorClass);
  let text: string;
  try {
    text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    throw new ErrorClass(fileName, `not ${kind.what}: the file is not text (a ${kind.extension} file is JSON)`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const truncated = /end of (JSON )?(data|input)|Unterminated|Unexpected end/i.test((e as Error).message);
    throw new ErrorClass(fileName, truncated ? 'truncated: the file ends in the middle of its contents' : `not ${kind.what}: not valid JSON (${(e as Error).message})`);
  }
  const head = json as { format?: unknown; version?: unknown } | null;
  if (!head || typeof head !== 'object' || head.format !== kind.format) throw new ErrorClass(fileName, `not ${kind.what}: format is ${JSON.stringify(head?.format ?? null)}, expected "${kind.format}"`);
  if (head.version !== kind.version) throw new ErrorClass(fileName, `wrong version: version ${JSON.stringify(head.version)} is not supported (this build reads version ${kind.version})`);
  return json;
}
