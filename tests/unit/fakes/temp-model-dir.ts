/** For tests that train or write models in Node: TF.js on the cpu backend, and a temp folder removed afterwards. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { initNodeBackend } from '../../../training/model/tf-node';

/** Call inside a describe; `dir` is set before its tests run. */
export function cpuTfAndTempDir(prefix: string): { dir: string } {
  const temp = { dir: '' };
  beforeAll(async () => {
    await initNodeBackend('cpu');
    temp.dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterAll(() => rmSync(temp.dir, { recursive: true, force: true }));
  return temp;
}
