/**
 * One error family for every file the app or the `signs` command line reads (scenes, the
 * glossary, sign packs, recordings, model manifests, progress exports, GISLR metadata).
 * Each problem names the file, the field and what is wrong, with what would fix it in the
 * message: `src/scenes/hotel/scene.yaml: script[3].expect: unknown gloss "pilow" (...)`.
 * The schemas are valibot's; `parseFile` turns their issues into these problems.
 */
import * as v from 'valibot';

export interface FileProblem {
  /** The file (path or URL) the problem is in. */
  file: string;
  /** Where in the file, e.g. `steps[2].sign`; empty when the problem is the file as a whole. */
  field: string;
  /** What is wrong, and what would fix it. */
  message: string;
}

/** A problem of the error's own file, or of another one it names (a set of files checked together). */
export type ProblemIn = Omit<FileProblem, 'file'> & { file?: string };

export function problemLine(p: FileProblem): string {
  return p.field ? `${p.file}: ${p.field}: ${p.message}` : `${p.file}: ${p.message}`;
}

/**
 * A file that cannot be used, with every problem found in it. The message is one
 * `file: field: problem` line per problem; the `signs` command line prints it without a stack.
 */
export class FileProblemError extends Error {
  readonly problems: readonly FileProblem[];

  constructor(readonly file: string, problems: string | readonly ProblemIn[], options?: ErrorOptions) {
    const list = typeof problems === 'string'
      ? [{ file, field: '', message: problems }]
      : problems.map((p) => ({ file: p.file ?? file, field: p.field, message: p.message }));
    super(list.map(problemLine).join('\n'), options);
    this.name = 'FileProblemError';
    this.problems = list;
  }

  /** One `file: field: problem` line per problem. */
  get lines(): string[] {
    return this.problems.map(problemLine);
  }
}

export type FileProblemErrorClass = new (file: string, problems: string | readonly ProblemIn[]) => FileProblemError;

const PLAIN_KEY = /^[\p{L}\p{N}_-]+$/u;

/** A valibot issue path as a field path: `script[2].expect`, `signs.tea.name.ja`, `scenes["a b"]`. */
export function fieldPath(path: readonly v.IssuePathItem[] | undefined): string {
  let out = '';
  for (const { key } of path ?? []) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string') out += PLAIN_KEY.test(key) ? (out ? `.${key}` : key) : `[${JSON.stringify(key)}]`;
  }
  return out;
}

/** The issue path from `input` down through `keys`, for problems a `v.rawCheck` finds in a nested field. */
export function pathTo(input: unknown, ...keys: (string | number)[]): [v.UnknownPathItem, ...v.UnknownPathItem[]] {
  let at = input;
  const path = keys.map((key): v.UnknownPathItem => {
    const item: v.UnknownPathItem = { type: 'unknown', origin: 'value', input: at, key, value: (at as Record<string | number, unknown>)?.[key] };
    at = item.value;
    return item;
  });
  return path as [v.UnknownPathItem, ...v.UnknownPathItem[]];
}

export function issueProblems(issues: readonly v.BaseIssue<unknown>[]): ProblemIn[] {
  const seen = new Set<string>();
  const out: ProblemIn[] = [];
  for (const issue of issues) {
    const problem = { field: fieldPath(issue.path), message: issue.message };
    const key = `${problem.field}\u0000${problem.message}`;
    if (!seen.has(key)) out.push(problem);
    seen.add(key);
  }
  return out;
}

/** `schema`'s output for `input`, or `ErrorClass` listing every problem of `file`. */
export function parseFile<S extends v.GenericSchema>(
  schema: S, input: unknown, file: string, ErrorClass: FileProblemErrorClass = FileProblemError,
): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  throw new ErrorClass(file, issueProblems(result.issues));
}

/** Parses JSON text, or throws `ErrorClass` naming the file. */
export function parseJsonText(text: string, file: string, ErrorClass: FileProblemErrorClass = FileProblemError): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ErrorClass(file, `is not valid JSON (${(e as Error).message})`);
  }
}

// Schema pieces with the messages every file shares.

function isMap(input: unknown): input is Record<string, unknown> {
  return typeof input === 'object' && input !== null && !Array.isArray(input);
}

/** The message of a missing field: "missing", then the field's `v.description` (how to fill it) when it has one. */
function missingOr(entries: v.ObjectEntries, issue: v.BaseIssue<unknown>, otherwise: string): string {
  const key = issue.path?.[issue.path.length - 1]?.key;
  if (typeof key !== 'string' || issue.received !== 'undefined' || !entries[key]) return otherwise;
  const hint = v.getDescription(entries[key]);
  return hint ? `missing (${hint})` : 'missing';
}

/**
 * An object with exactly these fields: `notAMap` is the message when the value is not an
 * object (lists included); every field not in `entries` is refused, naming the ones there are.
 */
export function fields<const E extends v.ObjectEntries>(entries: E, notAMap: string) {
  const known = Object.keys(entries).join(', ');
  return v.pipe(
    v.custom<Record<string, unknown>>(isMap, notAMap),
    v.looseObject(entries, (issue) => missingOr(entries, issue, notAMap)),
    // Runs even when a field has problems (valibot runs a pipe's checks after issues), so all are listed at once.
    v.rawCheck(({ dataset, addIssue }) => {
      const value = dataset.value as Record<string, unknown>;
      for (const key of Object.keys(value)) {
        if (!Object.hasOwn(entries, key)) addIssue({ message: `unknown field (expected one of ${known})`, path: pathTo(value, key) });
      }
    }),
  );
}

/** Like `fields`, but other fields are allowed and dropped (so older readers read newer files). */
export function knownFields<const E extends v.ObjectEntries>(entries: E, notAMap: string) {
  return v.pipe(v.custom<Record<string, unknown>>(isMap, notAMap), v.object(entries, (issue) => missingOr(entries, issue, notAMap)));
}

/** A map from keys to `value`s (objects only, never lists). */
export function mapOf<K extends v.GenericSchema<string, string>, S extends v.GenericSchema>(key: K, value: S, notAMap: string) {
  return v.pipe(v.custom<Record<string, unknown>>(isMap, notAMap), v.record(key, value, notAMap));
}

/** A text with something in it besides spaces, trimmed (for hand-written files). */
export const nonEmptyText = (message = 'must be a non-empty text') => v.pipe(v.string(message), v.trim(), v.nonEmpty(message));

/** A string with at least one character, kept as it is (for files that programs write). */
export const nonEmptyString = (message = 'must be a non-empty string') => v.pipe(v.string(message), v.nonEmpty(message));

export const finiteNumber = (message: string) => v.pipe(v.number(message), v.finite(message));

export const numberIn = (min: number, max: number, message: string) => v.pipe(finiteNumber(message), v.minValue(min, message), v.maxValue(max, message));

export const count = (message: string) => v.pipe(v.number(message), v.integer(message), v.minValue(0, message));
