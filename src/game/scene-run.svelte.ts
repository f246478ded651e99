/**
 * Playing one scene: walks the script, records each sign step's stars as soon as it is
 * done (so a reload loses nothing), and marks the scene complete at the end.
 */
import type { Localized } from '../lib/i18n/languages';
import type { Scene, ScriptStep } from '../lib/scenes/types';
import type { ProgressStore } from '../lib/progress/store';
import type { Stars } from '../lib/progress/srs';
import type { LessonResult } from './lesson.svelte';

/** Script indices of the sign steps (the steps that earn stars). */
export function signStepIndices(scene: Scene): number[] {
  return scene.script.flatMap((s, i) => (s.kind === 'sign' ? [i] : []));
}

/** Scene stars: the mean of its sign steps' stars (unplayed steps count 0), rounded. */
export function sceneStars(scene: Scene, stepStars: Record<number, Stars>): Stars {
  const idx = signStepIndices(scene);
  if (!idx.length) return 0;
  return Math.round(idx.reduce((sum, i) => sum + (stepStars[i] ?? 0), 0) / idx.length) as Stars;
}

export class SceneRun {
  index = $state(0);
  /** Name key of the last sign step's sign (made, or skipped), for `{sign}` in lines. */
  lastSign = $state<string | null>(null);
  /** Stars earned in this play-through, by script index. */
  stepStars = $state<Record<number, Stars>>({});
  finished = $state(false);

  constructor(readonly scene: Scene, private readonly progress: ProgressStore) {}

  get step(): ScriptStep {
    return this.scene.script[this.index];
  }

  /** The name of the last sign step's sign, for `{sign}` in lines (null before the first sign step). */
  get lastSignName(): Localized | null {
    return this.lastSign ? (this.scene.signs[this.lastSign]?.name ?? null) : null;
  }

  /** Stars of this play-through. */
  get stars(): Stars {
    return sceneStars(this.scene, this.stepStars);
  }

  /** Records a finished sign step; the learner then continues with next(). */
  async signDone(result: LessonResult): Promise<void> {
    const step = this.step;
    if (step.kind !== 'sign') throw new Error(`${this.scene.file}: script[${this.index}] is not a sign step`);
    this.stepStars = { ...this.stepStars, [this.index]: result.stars };
    this.lastSign = result.sign;
    await this.progress.recordStep(this.scene.id, this.index, result.sign, result.stars);
  }

  async next(): Promise<void> {
    if (this.index + 1 < this.scene.script.length) {
      this.index += 1;
      return;
    }
    this.finished = true;
    await this.progress.completeScene(this.scene.id);
  }
}
