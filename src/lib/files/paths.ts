/**
 * File names that files may give for other files (a pack's recordings, a glossary's
 * reference, a model's weights, GISLR's parquet paths): relative, inside their folder.
 * Each segment starts with a letter, digit or underscore and holds only those, dots,
 * dashes and spaces, so `..`, `.`, hidden files, absolute paths, backslashes, URL schemes (`https:`)
 * and query strings can never be written; the same rule guards Node path joins and URLs.
 */
import * as v from 'valibot';

const SEGMENT = String.raw`[\p{L}\p{N}_][\p{L}\p{N}_. -]*`;
const RELATIVE_PATH = new RegExp(`^(?:${SEGMENT}/)*${SEGMENT}$`, 'u');
const FILE_NAME = new RegExp(`^${SEGMENT}$`, 'u');

export const RELATIVE_PATH_RULE = 'a relative path inside the folder: letters, digits, spaces, _ . - in each part, parts joined by /, no "..", no leading / or \\, no URL';

export function isRelativePath(path: string): boolean {
  return RELATIVE_PATH.test(path);
}

export function isFileName(name: string): boolean {
  return FILE_NAME.test(name);
}

/** A relative path inside the folder, optionally with a required extension. */
export function relativePath(extension?: string) {
  const rule = extension ? `${RELATIVE_PATH_RULE}, ending in ${extension}` : RELATIVE_PATH_RULE;
  return v.pipe(
    v.string(`must be ${rule}`),
    v.check((p) => isRelativePath(p) && (!extension || p.endsWith(extension)), (issue) => `${JSON.stringify(issue.input)} is not ${rule}`),
  );
}
