/** Where the original data lives: ../shared/data beside the repository, or SIGNQUEST_DATA. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export const SHARED_DATA_DIR = process.env.SIGNQUEST_DATA ?? join(REPO_ROOT, '..', 'shared', 'data');
/** The GISLR hello/thankyou subset (int16 pack + parquet; see its README). */
export const GISLR_SUBSET_DIR = join(SHARED_DATA_DIR, 'gislr-hello-thankyou');
/** The studio sign videos (never copied into the repository). */
export const RTH_VIDEOS_DIR = join(SHARED_DATA_DIR, 'rth-signs', 'videos');
