/**
 * Loading recordings and sign packs over HTTP (the game loads public/signs/<pack>/).
 * Errors name the URL and the fault, like the format's own errors.
 */
import { parseFile, parseJsonText } from '../files/problems';
import { relativePath } from '../files/paths';
import { decodeRecording, RecordingFormatError, type Recording } from './format';
import { PACK_INDEX_FILE, PackFormatError, parsePackIndex, type PackIndex } from './pack';

export type FetchLike = (url: string) => Promise<Response>;

// A wrapper, so fetch is never called with a foreign `this` ("Illegal invocation").
const globalFetch: FetchLike = (url) => fetch(url);

export interface LoadedPack {
  /** The pack folder's URL, ending in "/". */
  baseUrl: string;
  index: PackIndex;
  /** In the order of index.recordings. */
  recordings: Recording[];
}

const insidePack = relativePath();

/** URL of a file inside the pack at `baseUrl` (with or without a trailing slash); a path leading out of the pack is refused. */
export function packFileUrl(baseUrl: string, file: string): string {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  parseFile(insidePack, file, base, PackFormatError);
  return `${base}${file.split('/').map(encodeURIComponent).join('/')}`;
}

async function fetchOk(url: string, fetchFn: FetchLike, makeError: (url: string, problem: string) => Error): Promise<Response> {
  let response: Response;
  try {
    response = await fetchFn(url);
  } catch (e) {
    throw makeError(url, `could not be fetched (${(e as Error).message})`);
  }
  if (!response.ok) throw makeError(url, `HTTP ${response.status} ${response.statusText}`.trim());
  return response;
}

export async function loadRecording(url: string, fetchFn: FetchLike = globalFetch): Promise<Recording> {
  const response = await fetchOk(url, fetchFn, (u, p) => new RecordingFormatError(u, p));
  return decodeRecording(await response.arrayBuffer(), url);
}

export async function loadPackIndex(baseUrl: string, fetchFn: FetchLike = globalFetch): Promise<PackIndex> {
  const url = packFileUrl(baseUrl, PACK_INDEX_FILE);
  const response = await fetchOk(url, fetchFn, (u, p) => new PackFormatError(u, p));
  const json = parseJsonText(await response.text(), url, PackFormatError);
  return parsePackIndex(json, url);
}

/** The pack's index and all its recordings. */
export async function loadPack(baseUrl: string, fetchFn: FetchLike = globalFetch): Promise<LoadedPack> {
  const index = await loadPackIndex(baseUrl, fetchFn);
  const recordings = await Promise.all(index.recordings.map((r) => loadRecording(packFileUrl(baseUrl, r.file), fetchFn)));
  return { baseUrl: baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`, index, recordings };
}
