/** Every scene's signs, to watch and read without a camera (the camera-less mode). */
import type { Scene, SignInfo } from '../lib/scenes/types';
import { acceptedGlosses } from '../lib/scenes/types';
import type { GameServices } from './services';
import { SignExample } from './sign-example.svelte';

export interface SceneSigns {
  scene: Scene;
  signs: SignInfo[];
}

/** The signs a scene asks for, in script order, each once (every choice of a menu). */
export function signsOfScene(scene: Scene): SignInfo[] {
  const glosses = scene.script.flatMap((step) => (step.kind === 'sign' ? [...acceptedGlosses(step), ...step.expect] : []));
  return [...new Set(glosses)].flatMap((g) => (scene.signs[g] ? [scene.signs[g]] : []));
}

export class SignBrowser {
  readonly groups: SceneSigns[];
  selected = $state.raw<SignInfo | null>(null);
  readonly example: SignExample;

  constructor(scenes: readonly Scene[], services: Pick<GameServices, 'reference' | 'examples'>) {
    this.groups = scenes.map((scene) => ({ scene, signs: signsOfScene(scene) })).filter((g) => g.signs.length);
    this.example = new SignExample(services);
    const first = this.groups[0]?.signs[0];
    if (first) this.select(first);
  }

  select(sign: SignInfo): void {
    this.selected = sign;
    void this.example.show(sign);
  }
}
