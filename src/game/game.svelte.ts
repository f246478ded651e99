/** The game's top-level state: scene list, progress, the scene or review being played. */
import { loadBundledScenes } from '../lib/scenes/bundled';
import type { Scene, SignInfo } from '../lib/scenes/types';
import type { SceneLibrary } from '../lib/scenes/loader';
import { BROWSER_GLOSS_SOURCES, sceneFilesOf } from '../lib/scenes/bundle';
import type { LoadedScene, LocalSceneStore } from '../lib/scenes/local-store';
import { SceneShelf } from './scene-shelf.svelte';
import { problemLine } from '../lib/files/problems';
import { ProgressStore, type ProgressSnapshot, type StorageProblem } from '../lib/progress/store';
import { dueCards } from '../lib/progress/srs';
import { SceneRun } from './scene-run.svelte';
import { SignBrowser } from './sign-browser.svelte';
import { Settings } from './settings.svelte';
import type { GameServices } from './services';
import type { SignPack } from '../lib/recording/signpack';
import { packNamesHere, withLocalSigns } from '../lib/packs/glossary';

/** `signs`: every scene's signs to watch and read (needs no camera). */
export type GameScreen = 'home' | 'scene' | 'review' | 'signs';

/** A practice round over the signs that are due. */
export class ReviewRun {
  index = $state(0);
  finished = $state(false);
  constructor(readonly signs: SignInfo[]) {}
  get current(): SignInfo {
    return this.signs[this.index];
  }
  next(): void {
    if (this.index + 1 < this.signs.length) this.index += 1;
    else this.finished = true;
  }
}

export class GameState {
  screen = $state<GameScreen>('home');
  /** The sign packs made or imported in this browser (their signs join the glossary). */
  localPacks = $state.raw<readonly SignPack[]>([]);
  /** The scenes loaded in this browser, as stored (each is checked again in `library`). */
  localScenes = $state.raw<readonly LoadedScene[]>([]);
  /**
   * The shipped scenes and the loaded ones, every one checked against the shipped glossary
   * and the local packs' signs: the good ones to play, and every problem of every file.
   */
  readonly library: SceneLibrary = $derived(loadBundledScenes({
    files: this.localScenes.map((s) => sceneFilesOf(s.bundle, (name) => s.artUrls[name])),
    signs: (shipped) => withLocalSigns(shipped, this.localPacks),
    glossSources: BROWSER_GLOSS_SOURCES,
    packs: (shipped) => packNamesHere(shipped, this.localPacks),
  }));
  readonly sceneProblems: string[] = $derived(this.library.problems.map(problemLine));
  /** Loads, exports and removes the scenes of this browser; null until their store is open. */
  sceneShelf = $state.raw<SceneShelf | null>(null);
  store = $state.raw<ProgressStore | null>(null);
  progress = $state.raw<ProgressSnapshot>({ scenes: {}, signs: {} });
  storageProblem = $state.raw<StorageProblem | null>(null);
  /** The warning that progress is no longer saved: shown once, when it first happens, until dismissed. */
  storageWarning = $state.raw<StorageProblem | null>(null);
  /** Why the sign model did not load (the matcher judges every sign), until the learner dismisses it. */
  modelProblem = $state<string | null>(null);
  private modelProblemReported = false;
  run = $state.raw<SceneRun | null>(null);
  review = $state.raw<ReviewRun | null>(null);
  browser = $state.raw<SignBrowser | null>(null);
  readonly settings = new Settings();

  constructor(readonly services: GameServices, private readonly now: () => number = Date.now) {}

  async init(): Promise<void> {
    const store = await ProgressStore.open(this.now);
    store.subscribe((s) => {
      this.progress = s;
      if (store.storageProblem && !this.storageProblem) this.storageWarning = store.storageProblem;
      this.storageProblem = store.storageProblem ?? null;
    });
    this.store = store;
  }

  /** The sign model failed to load: said once per session, however many recognisers hit it. */
  reportModelProblem(problem: string): void {
    if (this.modelProblemReported) return;
    this.modelProblemReported = true;
    this.modelProblem = problem;
  }

  dismissModelProblem(): void {
    this.modelProblem = null;
  }

  dismissStorageWarning(): void {
    this.storageWarning = null;
  }

  /** Follows a store of local packs; returns the function that stops following. */
  followLocalPacks(store: { packs: readonly SignPack[]; subscribe(l: (packs: readonly SignPack[]) => void): () => void }): () => void {
    this.localPacks = store.packs;
    return store.subscribe((packs) => (this.localPacks = packs));
  }

  /** Follows the store of scenes loaded in this browser, and offers loading more; returns the function that stops following. */
  followLocalScenes(store: LocalSceneStore): () => void {
    this.localScenes = store.scenes;
    this.sceneShelf = new SceneShelf(store, this);
    return store.subscribe((scenes) => (this.localScenes = scenes));
  }

  /** The shipped glossary plus the signs of the local packs. */
  get glossary(): Record<string, SignInfo> {
    return withLocalSigns(this.library.glossary, this.localPacks);
  }

  /** The sign packs here: shipped, and local. */
  get packNames(): Set<string> {
    return packNamesHere(this.library.glossary, this.localPacks);
  }

  /** Signs due for practice that the glossary still knows. */
  get dueSigns(): SignInfo[] {
    const glossary = this.glossary;
    return dueCards(Object.values(this.progress.signs), this.now()).flatMap((c) => (glossary[c.gloss] ? [glossary[c.gloss]] : []));
  }

  /**
   * The recogniser's candidates: every sign in the glossary, so a sign from outside the
   * step is recognised as what it is rather than as the nearest of a few.
   */
  get candidates(): SignInfo[] {
    return Object.values(this.glossary);
  }

  play(scene: Scene): void {
    if (!this.store) return;
    this.run = new SceneRun(scene, this.store);
    this.screen = 'scene';
  }

  startReview(): void {
    const due = this.dueSigns;
    if (!due.length) return;
    this.review = new ReviewRun(due);
    this.screen = 'review';
  }

  browseSigns(): void {
    this.browser = new SignBrowser(this.library.scenes, this.services);
    this.screen = 'signs';
  }

  home(): void {
    this.run = null;
    this.review = null;
    this.browser = null;
    this.screen = 'home';
  }
}
