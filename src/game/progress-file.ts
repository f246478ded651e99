/** The learner's progress saved to a file they keep (the way out when the browser cannot store it). */
import type { ProgressStore } from '../lib/progress/store';

export function downloadProgress(store: ProgressStore): void {
  const blob = new Blob([store.exportJson()], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `signquest-progress-${new Date().toISOString().slice(0, 10)}.json`;
  a.click();
  URL.revokeObjectURL(a.href);
}
