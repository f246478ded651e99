/** Option parsing shared by the train, eval and match verbs. */
import { join } from 'node:path';
import { UsageError } from '../cli-kit';
import { GISLR_SUBSET_DIR } from '../shared-data';
import type { NodeBackend } from './tf-node';

export const DEFAULT_GISLR_DIR = GISLR_SUBSET_DIR;
import { DEFAULT_MODEL_NAME } from '../../src/lib/recognition/manifest';
import { DEFAULT_MATCH_DISTANCE } from '../../src/lib/recognition/matcher';
import { readManifest } from './model';

export { DEFAULT_MODEL_NAME };
export const MODELS_DIR = 'public/models';
export const DEFAULT_MODEL_DIR = join(MODELS_DIR, DEFAULT_MODEL_NAME);

/**
 * The one-shot matcher's match distance: the given model's, else the shipped model's, which
 * is what the game's matcher uses (one source, so "the matcher alone" is the game's matcher).
 */
export function gameMatchDistance(modelDir?: string): number {
  return readManifest(modelDir ?? DEFAULT_MODEL_DIR).thresholds.matchDistance ?? DEFAULT_MATCH_DISTANCE;
}

export function intOption(values: Record<string, unknown>, name: string, fallback: number, usage: string): number {
  const v = values[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a whole number, got "${String(v)}".\n\n${usage}`);
  return n;
}

export function listOption(values: Record<string, unknown>, name: string): string[] | undefined {
  const v = values[name];
  return typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
}

export function backendOption(values: Record<string, unknown>, usage: string): NodeBackend | undefined {
  const v = values.backend;
  if (v === undefined) return undefined;
  if (v !== 'tensorflow' && v !== 'wasm' && v !== 'cpu') throw new UsageError(`--backend must be tensorflow, wasm or cpu.\n\n${usage}`);
  return v;
}
