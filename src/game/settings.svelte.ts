/** The learner's lesson preferences, remembered in localStorage (not progress data). */
import { TrackingPace } from './tracking-pace.svelte';

const STORAGE_KEY = 'signquest.settings';

export type FigureSpeed = 0.5 | 1;

interface Saved {
  speed: FigureSpeed;
  mirror: boolean;
  loop: boolean;
  leftHanded: boolean;
}

function load(): Partial<Saved> {
  try {
    return JSON.parse(globalThis.localStorage?.getItem(STORAGE_KEY) ?? '{}') as Partial<Saved>;
  } catch {
    return {};
  }
}

export class Settings {
  speed = $state<FigureSpeed>(1);
  /** Show figures as in a mirror, so the learner copies them like a reflection. */
  mirror = $state(true);
  loop = $state(true);
  leftHanded = $state(false);
  /** Not saved: how fast this machine tracks, learnt during the visit (every lesson's attempt window follows it). */
  readonly pace = new TrackingPace();
  /** From prefers-reduced-motion: figures wait for Play instead of starting on their own. */
  reducedMotion = $state(false);

  constructor() {
    const saved = load();
    if (saved.speed === 0.5 || saved.speed === 1) this.speed = saved.speed;
    if (typeof saved.mirror === 'boolean') this.mirror = saved.mirror;
    if (typeof saved.loop === 'boolean') this.loop = saved.loop;
    if (typeof saved.leftHanded === 'boolean') this.leftHanded = saved.leftHanded;
    const query = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)');
    if (query) {
      this.reducedMotion = query.matches;
      query.addEventListener?.('change', (e) => (this.reducedMotion = e.matches));
    }
  }

  save(): void {
    const saved: Saved = { speed: this.speed, mirror: this.mirror, loop: this.loop, leftHanded: this.leftHanded };
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(saved));
    } catch {
      // Storage blocked: settings last for this visit.
    }
  }
}
