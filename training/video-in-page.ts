/**
 * Running the app's extraction (src/tools/extract.tool.ts) on a video file from Node:
 * the video goes into the tools page as a blob URL, the recording comes back encoded.
 */
import { execFileSync } from 'node:child_process';
import { extname } from 'node:path';
import type { ExtractRequest, ExtractResult } from '../src/tools/extract.tool';
import type { ToolsPage } from './browser-page';
import { FileProblemError } from '../src/lib/files/problems';
import { readFileOr } from './data/read-file';

const MIME: Record<string, string> = { '.mp4': 'video/mp4', '.m4v': 'video/mp4', '.mov': 'video/quicktime', '.webm': 'video/webm', '.mkv': 'video/x-matroska' };

/** Frame rate from ffprobe when it is installed; else the browser measures it. */
export function probeFps(video: string): number | undefined {
  try {
    const out = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=r_frame_rate', '-of', 'csv=p=0', video], { encoding: 'utf8' });
    const [num, den] = out.trim().split('/').map(Number);
    const fps = den ? num / den : num;
    return fps > 0 && Number.isFinite(fps) ? fps : undefined;
  } catch {
    return undefined;
  }
}

/** Runs Holistic over every frame (or the first maxFrames) of a local video file in the tools page. */
export async function extractInPage(tools: ToolsPage, video: string, request: Omit<ExtractRequest, 'url' | 'fps'>): Promise<ExtractResult> {
  const url = await tools.page.evaluate(
    ({ b64, type }) => URL.createObjectURL(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type })),
    { b64: readFileOr(video, FileProblemError).toString('base64'), type: MIME[extname(video).toLowerCase()] ?? 'video/mp4' },
  );
  const full: ExtractRequest = { ...request, url, fps: probeFps(video) };
  try {
    return await tools.page.evaluate((req) => (window.signquestTools.extractVideo as (r: ExtractRequest) => Promise<ExtractResult>)(req), full);
  } finally {
    await tools.page.evaluate((u) => URL.revokeObjectURL(u), url);
  }
}
