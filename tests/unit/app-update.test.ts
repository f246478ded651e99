import { describe, expect, it } from 'vitest';
import { AppUpdate, type UpdateEnvironment } from '../../src/app/app-update.svelte';

/** A service worker as far as the page sees one: a state, statechange events, messages. */
class FakeWorker extends EventTarget {
  messages: unknown[] = [];
  constructor(public state: ServiceWorkerState) {
    super();
  }
  postMessage(message: unknown) {
    this.messages.push(message);
  }
  become(state: ServiceWorkerState) {
    this.state = state;
    this.dispatchEvent(new Event('statechange'));
  }
}

class FakeRegistration extends EventTarget {
  waiting: FakeWorker | null = null;
  installing: FakeWorker | null = null;
  /** A new worker starts installing (the browser found a changed sw.js). */
  find(worker: FakeWorker) {
    this.installing = worker;
    this.dispatchEvent(new Event('updatefound'));
  }
}

class FakeContainer extends EventTarget {
  registration = new FakeRegistration();
  constructor(public controller: FakeWorker | null) {
    super();
  }
  async register() {
    return this.registration;
  }
  takeOver(worker: FakeWorker) {
    this.controller = worker;
    this.dispatchEvent(new Event('controllerchange'));
  }
}

function setup(controller: FakeWorker | null) {
  const container = new FakeContainer(controller);
  let reloads = 0;
  const env = { container, reload: () => reloads++ } as unknown as UpdateEnvironment;
  return { container, update: new AppUpdate(env), reloads: () => reloads };
}

describe('app update', () => {
  it('the first install is no update', async () => {
    const { container, update, reloads } = setup(null);
    await update.register('sw.js');
    const first = new FakeWorker('installing');
    container.registration.find(first);
    first.become('installed');
    first.become('activated');
    container.takeOver(first);
    expect(update.state.kind).toBe('current');
    expect(update.ready).toBe(false);
    expect(reloads()).toBe(0);
  });

  it('a new version waits for the learner, then takes over and reloads the page', async () => {
    const { container, update, reloads } = setup(new FakeWorker('activated'));
    await update.register('sw.js');
    const next = new FakeWorker('installing');
    container.registration.find(next);
    expect(update.ready).toBe(false);
    next.become('installed');
    expect(update.state).toEqual({ kind: 'waiting', worker: next });
    expect(update.ready).toBe(true);
    update.apply();
    expect(next.messages).toEqual([{ type: 'skip-waiting' }]);
    expect(update.state.kind).toBe('reloading');
    expect(reloads()).toBe(0);
    container.takeOver(next);
    expect(reloads()).toBe(1);
  });

  it('a version already waiting when the page opens is offered at once', async () => {
    const { container, update } = setup(new FakeWorker('activated'));
    const waiting = new FakeWorker('installed');
    container.registration.waiting = waiting;
    await update.register('sw.js');
    expect(update.state).toEqual({ kind: 'waiting', worker: waiting });
  });

  it('a version switched to in another tab offers a plain reload', async () => {
    const { container, update, reloads } = setup(new FakeWorker('activated'));
    await update.register('sw.js');
    container.takeOver(new FakeWorker('activated'));
    expect(update.state.kind).toBe('switched');
    update.apply();
    expect(reloads()).toBe(1);
  });
});
