/**
 * The sign studio: a teacher picks a sign of the glossary (or defines a new one), records
 * takes from the webcam or tracks them from video files, trims each to the signing, and
 * saves the good ones into a local sign pack (landmarks only). One state machine; the
 * views only show it and call its methods.
 */
import * as v from 'valibot';
import { anyHand } from '../lib/features/spec';
import type { LandmarkFrame } from '../lib/landmarks/frame';
import type { LocalPackStore } from '../lib/packs/local-store';
import { shippedPackNames, withLocalSigns } from '../lib/packs/glossary';
import { encodeRecording, type RecordingMeta } from '../lib/recording/format';
import { freeRecordingFile, makeSignPack, SignDefinitionSchema, type SignDefinition, type SignPack } from '../lib/recording/signpack';
import { autoTrim, takeRefusal, type TakeRefusal, type TrimRange } from '../lib/recording/trim';
import type { Glossary, SignInfo } from '../lib/scenes/types';
import type { FrameSource } from '../lib/sources/types';

/** What the studio needs from the app: the camera, the tracker for files, the current example of a sign. */
export interface StudioDeps {
  glossary: Glossary;
  store: LocalPackStore;
  /** Opens and starts the webcam with live tracking; the studio closes it. */
  openCamera(): Promise<FrameSource & { readonly video: HTMLVideoElement }>;
  /** Tracks every frame of a video file with smoothing off (as `signs extract` does). */
  trackVideo(file: File, onProgress: (done: number, total: number) => void): Promise<{ frames: LandmarkFrame[]; fps: number }>;
  /** The example the game shows for a glossary sign today. */
  example(sign: SignInfo): Promise<LandmarkFrame[]>;
  /** Timers for the countdown and the recording (tests drive them by hand). */
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type StudioState =
  | { kind: 'pick' }
  | { kind: 'define'; problems: string[] }
  | { kind: 'takes' }
  | { kind: 'camera-starting' }
  | { kind: 'countdown'; secondsLeft: number }
  | { kind: 'recording'; frames: number }
  | { kind: 'tracking'; file: string; done: number; total: number }
  | { kind: 'saving' }
  | { kind: 'saved'; pack: string; takes: number };

export interface Take {
  id: number;
  /** Every frame recorded, timestamps from 0. */
  frames: LandmarkFrame[];
  fps: number;
  trim: TrimRange;
  /** "webcam" or the video file's name. */
  source: string;
}

export const COUNTDOWN_SECONDS = 3;
/** Long enough for any sign of the glossary with the hands rising and falling. */
export const TAKE_SECONDS = 4;
export const SUGGESTED_TAKES = 3;
export const DEFAULT_PACK_NAME = 'my-class';

/** A new sign as the form edits it. */
export interface SignDraft {
  gloss: string;
  name: SignDefinition['name'];
  description: SignDefinition['description'];
  language: string;
  hands: 1 | 2;
}

export class SignStudio {
  state = $state<StudioState>({ kind: 'pick' });
  /** The sign the takes are for; a new sign also sets `newSign`. */
  sign = $state.raw<SignInfo | null>(null);
  newSign = $state.raw<SignDefinition | null>(null);
  draft = $state<SignDraft>({ gloss: '', name: { en: '', ja: '' }, description: { en: '', ja: '' }, language: 'ase', hands: 1 });
  takes = $state.raw<Take[]>([]);
  /** The game's current example of the sign, replayed beside the takes. */
  example = $state.raw<LandmarkFrame[] | null>(null);
  camera = $state.raw<(FrameSource & { readonly video: HTMLVideoElement }) | null>(null);
  live = $state.raw<LandmarkFrame | null>(null);
  /** The last camera, video or saving failure, shown until the next action. */
  problem = $state<string | null>(null);
  packName = $state(DEFAULT_PACK_NAME);
  license = $state('CC-BY-4.0');
  attribution = $state('');
  signerId = $state('teacher-1');
  localPacks = $state.raw<readonly SignPack[]>([]);

  private nextTakeId = 1;
  private timer: unknown = null;
  private recorded: LandmarkFrame[] = [];
  private stopCameraFrames: (() => void) | null = null;
  private stopFollowing: () => void;

  constructor(private readonly deps: StudioDeps) {
    this.localPacks = deps.store.packs;
    this.stopFollowing = deps.store.subscribe((packs) => (this.localPacks = packs));
  }

  /** The glossary with the local packs' signs, sorted by gloss. */
  get signs(): SignInfo[] {
    return Object.values(withLocalSigns(this.deps.glossary, this.localPacks)).sort((a, b) => a.gloss.localeCompare(b.gloss));
  }

  /** Why packs are kept only until the page closes (no IndexedDB), or undefined. */
  get storageProblem(): string | undefined {
    return this.deps.store.storageProblem;
  }

  get handsInView(): boolean {
    return this.live !== null && anyHand(this.live.data);
  }

  /** Takes that can be saved (not refused). */
  get goodTakes(): Take[] {
    return this.takes.filter((t) => !refusalOf(t));
  }

  refusal(take: Take): TakeRefusal | null {
    return refusalOf(take);
  }

  trimmedFrames(take: Take): LandmarkFrame[] {
    return take.frames.slice(take.trim.start, take.trim.end);
  }

  /** Share (0..1) of a take's trimmed frames that show a hand. */
  handShare(take: Take): number {
    const frames = this.trimmedFrames(take);
    return frames.filter((f) => anyHand(f.data)).length / Math.max(1, frames.length);
  }

  /** Adds examples to a sign of the glossary (or of a local pack). */
  pick(sign: SignInfo): void {
    this.sign = sign;
    this.newSign = null;
    this.enterTakes();
  }

  startNewSign(): void {
    this.state = { kind: 'define', problems: [] };
  }

  /** Checks the new sign's form; on success the takes begin. */
  defineSign(): void {
    const draft = { ...this.draft, gloss: this.draft.gloss.trim().toLowerCase() };
    const parsed = v.safeParse(SignDefinitionSchema, draft);
    const problems = parsed.success ? [] : parsed.issues.map((i) => `${v.getDotPath(i) ?? ''}: ${i.message}`);
    if (this.signs.some((s) => s.gloss === draft.gloss)) problems.push(`gloss: "${draft.gloss}" is already a sign: pick it from the list to add examples`);
    if (problems.length || !parsed.success) {
      this.state = { kind: 'define', problems };
      return;
    }
    this.newSign = parsed.output;
    this.sign = { gloss: draft.gloss, name: parsed.output.name, description: parsed.output.description, reference: { pack: this.packName } };
    this.enterTakes();
  }

  private enterTakes(): void {
    this.takes = [];
    this.problem = null;
    this.example = null;
    this.state = { kind: 'takes' };
    const sign = this.sign;
    if (sign && !this.newSign) {
      this.deps.example(sign).then(
        (frames) => this.sign === sign && (this.example = frames),
        () => undefined,
      );
    }
  }

  /** Opens the camera (once) and records a take after a countdown. */
  async recordTake(): Promise<void> {
    if (this.state.kind !== 'takes') return;
    this.problem = null;
    if (!this.camera) {
      this.state = { kind: 'camera-starting' };
      try {
        this.camera = await this.deps.openCamera();
      } catch (e) {
        this.problem = (e as Error).message;
        this.state = { kind: 'takes' };
        return;
      }
      const stopFrames = this.camera.onFrame((frame) => this.onCameraFrame(frame));
      // A frame the tracker fails on is said; tracking goes on with the next one.
      const stopErrors = this.camera.onError((e) => (this.problem = e.message));
      this.stopCameraFrames = () => (stopFrames(), stopErrors());
    }
    this.countdown(COUNTDOWN_SECONDS);
  }

  private countdown(secondsLeft: number): void {
    if (secondsLeft === 0) {
      this.recorded = [];
      this.state = { kind: 'recording', frames: 0 };
      this.timer = this.deps.setTimeout(() => this.stopRecording(), TAKE_SECONDS * 1000);
      return;
    }
    this.state = { kind: 'countdown', secondsLeft };
    this.timer = this.deps.setTimeout(() => this.countdown(secondsLeft - 1), 1000);
  }

  private onCameraFrame(frame: LandmarkFrame): void {
    this.live = frame;
    if (this.state.kind !== 'recording') return;
    this.recorded.push(frame);
    this.state = { kind: 'recording', frames: this.recorded.length };
  }

  /** Ends the recording early (or when its time is up) and keeps the take. */
  stopRecording(): void {
    if (this.state.kind !== 'recording') return;
    this.deps.clearTimeout(this.timer);
    const frames = this.recorded;
    this.recorded = [];
    this.state = { kind: 'takes' };
    const duration = frames.length > 1 ? frames[frames.length - 1].timestampMs - frames[0].timestampMs : 0;
    this.addTake(frames, duration > 0 ? ((frames.length - 1) * 1000) / duration : 30, 'webcam');
  }

  /** Cancels a countdown or a recording without keeping anything. */
  cancelRecording(): void {
    if (this.state.kind !== 'countdown' && this.state.kind !== 'recording') return;
    this.deps.clearTimeout(this.timer);
    this.recorded = [];
    this.state = { kind: 'takes' };
  }

  /** Tracks a video file of one take. */
  async addVideo(file: File): Promise<void> {
    if (this.state.kind !== 'takes') return;
    this.problem = null;
    this.state = { kind: 'tracking', file: file.name, done: 0, total: 0 };
    try {
      const { frames, fps } = await this.deps.trackVideo(file, (done, total) => {
        if (this.state.kind === 'tracking') this.state = { kind: 'tracking', file: file.name, done, total };
      });
      this.addTake(frames, fps, file.name);
    } catch (e) {
      this.problem = `${file.name}: ${(e as Error).message}`;
    }
    this.state = { kind: 'takes' };
  }

  /** A take, trimmed on its own to the signing (all of it when no hand is raised, so the refusal says why). */
  addTake(frames: LandmarkFrame[], fps: number, source: string): Take {
    const t0 = frames[0]?.timestampMs ?? 0;
    const rebased = frames.map((f) => ({ timestampMs: f.timestampMs - t0, data: f.data }));
    const take: Take = { id: this.nextTakeId++, frames: rebased, fps, trim: autoTrim(rebased) ?? { start: 0, end: rebased.length }, source };
    this.takes = [...this.takes, take];
    return take;
  }

  /** Moves a take's trim handles (kept in order, at least one frame). */
  setTrim(id: number, start: number, end: number): void {
    this.takes = this.takes.map((t) => {
      if (t.id !== id) return t;
      const s = Math.max(0, Math.min(Math.round(start), t.frames.length - 1));
      const e = Math.max(s + 1, Math.min(Math.round(end), t.frames.length));
      return { ...t, trim: { start: s, end: e } };
    });
  }

  discard(id: number): void {
    this.takes = this.takes.filter((t) => t.id !== id);
  }

  /** Saves the good takes into the local pack `packName` (created, or added to: nothing stored is replaced). */
  async save(): Promise<void> {
    const sign = this.sign;
    const takes = this.goodTakes;
    if (this.state.kind !== 'takes' || !sign || !takes.length) return;
    this.problem = null;
    this.state = { kind: 'saving' };
    try {
      const pack = this.packWithTakes(sign, takes);
      await this.deps.store.put(pack);
      this.state = { kind: 'saved', pack: pack.index.name, takes: takes.length };
      this.takes = [];
      this.closeCamera();
    } catch (e) {
      this.problem = (e as Error).message;
      this.state = { kind: 'takes' };
    }
  }

  private packWithTakes(sign: SignInfo, takes: Take[]): SignPack {
    const name = this.packName.trim();
    if (shippedPackNames(this.deps.glossary).has(name)) throw new Error(`"${name}" is the name of a pack the game ships: choose another pack name`);
    const license = this.license.trim();
    const attribution = this.attribution.trim();
    if (!license || !attribution) throw new Error('give the licence and the attribution (who signed, who recorded) of these takes');
    const existing = this.deps.store.get(name);
    const files = new Set(existing?.recordings.map((r) => r.file));
    const language = this.newSign?.language ?? this.localDefinition(sign.gloss)?.language ?? 'ase';
    const added = takes.map((take) => {
      const meta: RecordingMeta = {
        gloss: sign.gloss,
        language,
        signerId: this.signerId.trim() || undefined,
        source: take.source === 'webcam' ? 'sign studio, webcam' : `sign studio, video file ${take.source}`,
        license,
        attribution,
        extractor: `@mediapipe/holistic (browser, modelComplexity 1, ${take.source === 'webcam' ? 'live smoothing' : 'no smoothing'})`,
      };
      if (meta.signerId === undefined) delete meta.signerId;
      const recording = { meta, fps: take.fps, frames: this.trimmedFrames(take).map((f, _, all) => ({ timestampMs: f.timestampMs - all[0].timestampMs, data: f.data })) };
      const file = freeRecordingFile(sign.gloss, files);
      files.add(file);
      return { file, bytes: encodeRecording(recording), recording };
    });
    const signs = [...(existing?.signs ?? []), ...(this.newSign ? [this.newSign] : [])];
    const info = existing?.index ?? { name, description: 'Signs taught in the SignQuest sign studio.', license, attribution };
    return makeSignPack(
      { name, description: info.description, license: existing ? mergeText(info.license, license) : license, attribution: existing ? mergeText(info.attribution, attribution) : attribution },
      signs,
      [...(existing?.recordings ?? []), ...added],
    );
  }

  private localDefinition(gloss: string): SignDefinition | undefined {
    return this.localPacks.flatMap((p) => p.signs).find((s) => s.gloss === gloss);
  }

  /** Back to the sign list (takes not saved are dropped). */
  back(): void {
    this.cancelRecording();
    this.closeCamera();
    this.takes = [];
    this.sign = null;
    this.newSign = null;
    this.problem = null;
    this.state = { kind: 'pick' };
  }

  private closeCamera(): void {
    this.stopCameraFrames?.();
    this.stopCameraFrames = null;
    this.camera?.close();
    this.camera = null;
    this.live = null;
  }

  /** Releases the camera and the store subscription (leaving the studio). */
  close(): void {
    this.cancelRecording();
    this.closeCamera();
    this.stopFollowing();
  }
}

function refusalOf(take: Take): TakeRefusal | null {
  return takeRefusal(take.frames.slice(take.trim.start, take.trim.end));
}

/** A pack's licence or attribution line gaining a new one (kept once). */
function mergeText(old: string, added: string): string {
  return old.split('; ').includes(added) ? old : `${old}; ${added}`;
}
