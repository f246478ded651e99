/**
 * The offline service worker (src/service-worker.js) and the learner: registers it, and
 * when a new version of the game has been stored beside the running one, offers to reload
 * into it. The new version takes over only when the learner says so (a Try is never cut
 * short); if another tab has already switched, this one is offered a reload too.
 */

/** The parts of the browser's service-worker API used here (a fake in unit tests). */
export interface UpdateEnvironment {
  container: Pick<ServiceWorkerContainer, 'controller' | 'register' | 'addEventListener'>;
  reload: () => void;
}

export type UpdateState =
  /** The running version is the newest known. */
  | { kind: 'current' }
  /** A new version is stored and waits for this worker to take over. */
  | { kind: 'waiting'; worker: ServiceWorker }
  /** A new version already controls this page (switched in another tab): a reload shows it. */
  | { kind: 'switched' }
  /** The learner chose to reload; waiting for the new version to take over. */
  | { kind: 'reloading' };

export class AppUpdate {
  state = $state.raw<UpdateState>({ kind: 'current' });

  constructor(private readonly env: UpdateEnvironment) {}

  get ready(): boolean {
    return this.state.kind === 'waiting' || this.state.kind === 'switched';
  }

  /** Registers the worker at `url` and watches for new versions. */
  async register(url: string): Promise<void> {
    const { container } = this.env;
    // The first worker to take over a page that had none is the first install, not an update.
    let controlled = container.controller !== null;
    container.addEventListener('controllerchange', () => {
      if (this.state.kind === 'reloading') this.env.reload();
      else if (controlled) this.state = { kind: 'switched' };
      controlled = true;
    });
    const registration = await container.register(url);
    const offer = (worker: ServiceWorker | null) => {
      if (worker && container.controller !== null && this.state.kind === 'current') this.state = { kind: 'waiting', worker };
    };
    offer(registration.waiting);
    registration.addEventListener('updatefound', () => {
      const worker = registration.installing;
      worker?.addEventListener('statechange', () => {
        if (worker.state === 'installed') offer(worker);
      });
    });
  }

  /** Switches to the new version and reloads the page into it. */
  apply(): void {
    const state = this.state;
    if (state.kind === 'waiting') {
      this.state = { kind: 'reloading' };
      state.worker.postMessage({ type: 'skip-waiting' });
    } else if (state.kind === 'switched') {
      this.env.reload();
    }
  }
}
