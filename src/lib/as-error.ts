/** Anything thrown, as an Error: libraries also throw strings, and promises reject with anything. */
export function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}
