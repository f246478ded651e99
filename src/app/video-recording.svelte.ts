/**
 * Making a sign recording from a video file in the browser (for teachers): every frame
 * through Holistic via the video-file source, then replay and save as `.signrec`.
 */
import type { HolisticLandmarker } from '../lib/holistic/holistic';
import type { LandmarkFrame } from '../lib/landmarks/frame';
import { partCounts } from '../lib/landmarks/frame';
import { encodeRecording, RECORDING_EXTENSION } from '../lib/recording/format';
import { createVideoFileSource, VideoSourceClosedError, type VideoFileSource } from '../lib/sources/video-file';

export class VideoRecordingJob {
  done = $state(0);
  total = $state(0);
  latest = $state.raw<LandmarkFrame | null>(null);
  /** Every frame tracked so far in this run (not reactive: read when `latest` changes), to frame the figure while tracking. */
  readonly tracked: LandmarkFrame[] = [];
  frames = $state.raw<LandmarkFrame[]>([]);
  fps = $state(0);
  error = $state('');
  running = $state(false);
  private source: VideoFileSource | null = null;

  constructor(private readonly landmarker: () => Promise<HolisticLandmarker>) {}

  get handShare(): number {
    if (this.frames.length === 0) return 0;
    const withHand = this.frames.filter((f) => {
      const c = partCounts(f);
      return c.leftHand > 0 || c.rightHand > 0;
    }).length;
    return withHand / this.frames.length;
  }

  async run(file: File): Promise<void> {
    this.cancel();
    this.error = '';
    this.frames = [];
    this.tracked.length = 0;
    this.latest = null;
    this.done = 0;
    this.total = 0;
    this.running = true;
    let source: VideoFileSource | null = null;
    try {
      const landmarker = await this.landmarker();
      source = createVideoFileSource(file, landmarker, {
        onProgress: (done, total) => {
          this.done = done;
          this.total = total;
        },
      });
      this.source = source;
      source.onFrame((frame) => {
        this.tracked.push(frame);
        this.latest = frame;
      });
      await source.start();
      const result = await source.finished;
      this.frames = result.frames;
      this.fps = result.fps;
    } catch (e) {
      // Cancelled by the teacher (or by a new run): not an error to show.
      if (e instanceof VideoSourceClosedError) return;
      this.error = e instanceof Error ? e.message : String(e);
    } finally {
      source?.close();
      // A newer run owns the state once it has started.
      if (this.source === source) {
        this.running = false;
        this.source = null;
      }
    }
  }

  cancel(): void {
    this.source?.close();
    this.source = null;
    this.running = false;
  }

  /** The recording as a downloadable file. */
  toFile(gloss: string, videoName: string): File {
    const bytes = encodeRecording({
      fps: this.fps,
      frames: this.frames,
      meta: {
        gloss: gloss.trim().toLowerCase(),
        language: 'ase',
        source: `video file ${videoName}`,
        license: 'unknown',
        attribution: `Landmarks extracted in the browser from ${videoName}`,
        extractor: '@mediapipe/holistic (browser, modelComplexity 1, no smoothing)',
      },
    });
    const name = gloss.trim().toLowerCase().replace(/[^a-z0-9-]+/g, '-') || 'sign';
    return new File([bytes as BlobPart], name + RECORDING_EXTENSION, { type: 'application/octet-stream' });
  }
}
