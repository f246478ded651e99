/** The learner's progress saved to a file they keep (the way out when the browser cannot store it). */
import { offerDownload } from '../lib/files/download';
import type { ProgressStore } from '../lib/progress/store';

export function downloadProgress(store: ProgressStore): void {
  offerDownload(new Blob([store.exportJson()], { type: 'application/json' }), `signquest-progress-${new Date().toISOString().slice(0, 10)}.json`);
}
