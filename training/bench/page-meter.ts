/**
 * What `signs bench` watches in a page, from outside the app's code so that it measures
 * the game as shipped: every Holistic call (the package's `send`, wrapped as the class is
 * defined), every animation frame, every long task. `playFigures` turns stretches of that
 * log into the bench's figures. The meter also lets the bench hide the page as a learner's
 * tab switch would, so that two pages can take turns on the machine.
 */

/** Times in ms of the page's clock (performance.now(): from navigation start). */
export interface MeterLog {
  /** [start, end] of each Holistic call. */
  holistic: [number, number][];
  /** Start time of each animation frame. */
  paints: number[];
  /** [start, duration] of each long task (> 50 ms). */
  longTasks: [number, number][];
  /** Holistic calls started and not yet ended. */
  sending: number;
  /** Start of each Holistic call that came first after a change of options (a switch of pose model). */
  afterOptions: number[];
}

declare global {
  interface Window {
    __benchMeter?: MeterLog;
    /** Hides or shows the page as switching tabs does: `document.hidden` and a `visibilitychange` event. */
    __benchSetHidden?: (hidden: boolean) => void;
  }
}

/** For page.addInitScript: runs before the page's own scripts; self-contained (it is serialised). */
export function installPageMeter(): void {
  const log: MeterLog = { holistic: [], paints: [], longTasks: [], sending: 0, afterOptions: [] };
  window.__benchMeter = log;
  let hidden = false;
  Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => hidden });
  Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
  // A hidden tab gets no animation frames: callbacks asked for meanwhile wait until it shows.
  const requestFrame = window.requestAnimationFrame.bind(window);
  const cancelFrame = window.cancelAnimationFrame.bind(window);
  const held = new Map<number, FrameRequestCallback>();
  let nextHeldId = -1;
  window.requestAnimationFrame = (callback) => {
    if (!hidden) return requestFrame(callback);
    held.set(nextHeldId, callback);
    return nextHeldId--;
  };
  window.cancelAnimationFrame = (id) => {
    if (!held.delete(id)) cancelFrame(id);
  };
  window.__benchSetHidden = (value) => {
    if (value === hidden) return;
    hidden = value;
    document.dispatchEvent(new Event('visibilitychange'));
    if (!hidden) {
      for (const callback of held.values()) requestFrame(callback);
      held.clear();
    }
  };
  type Solution = { send(...args: unknown[]): Promise<void>; setOptions(...args: unknown[]): void };
  let holistic: unknown;
  Object.defineProperty(globalThis, 'Holistic', {
    configurable: true,
    get: () => holistic,
    set(ctor: new (...args: unknown[]) => Solution) {
      holistic = new Proxy(ctor, {
        construct(target, args, newTarget) {
          const solution = Reflect.construct(target, args, newTarget) as Solution;
          const send = solution.send.bind(solution);
          const setOptions = solution.setOptions.bind(solution);
          let optionsChanged = false;
          solution.setOptions = (...optionArgs) => {
            optionsChanged = true;
            setOptions(...optionArgs);
          };
          solution.send = async (...sendArgs) => {
            const start = performance.now();
            if (optionsChanged) log.afterOptions.push(start);
            optionsChanged = false;
            log.sending++;
            try {
              return await send(...sendArgs);
            } finally {
              log.sending--;
              log.holistic.push([start, performance.now()]);
            }
          };
          return solution;
        },
      });
    },
  });
  const paint = (t: number) => {
    log.paints.push(t);
    requestAnimationFrame(paint);
  };
  requestAnimationFrame(paint);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) log.longTasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
}

/** A long task is one over this many ms (the browser's own definition). */
export const LONG_TASK_MS = 50;

export interface PlayFigures {
  /** Holistic calls that started and ended in the stretches. */
  holisticFrames: number;
  /** Holistic frames a second: in each stretch from the first call's start to the last's, summed over the stretches. */
  fps: number;
  holisticMsPerFrame: number;
  /** Long tasks still over LONG_TASK_MS once the Holistic calls inside them are taken out, per minute of the stretches. */
  longTasksPerMinute: number;
  /** Animation frames between the first and the last Holistic call of each stretch, per Holistic frame. */
  paintsPerHolisticFrame: number;
}

/** [from, to] in ms of the page's clock. */
export type Stretch = [number, number];

function overlap(a: Stretch, b: Stretch): number {
  return Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));
}

/**
 * The stretch without the Holistic calls that came first after a change of options: a
 * switch of pose model builds new GPU programs once (seconds on software GL), which, like
 * the first call's graph build, is no frame of the loop.
 */
function withoutOptionChanges(log: MeterLog, [from, to]: Stretch): Stretch[] {
  const parts: Stretch[] = [];
  let start = from;
  for (const [s, e] of log.holistic) {
    if (s >= from && e <= to && log.afterOptions.includes(s)) {
      parts.push([start, s]);
      start = e;
    }
  }
  parts.push([start, to]);
  return parts;
}

/**
 * The figures of the log in the stretches, pooled, leaving out the calls after a change
 * of options; throws unless each stretch holds at least two Holistic calls.
 */
export function playFigures(log: MeterLog, stretches: readonly Stretch[]): PlayFigures {
  let frames = 0, intervals = 0, spanMs = 0, holisticMs = 0, longTasks = 0, paints = 0, stretchMs = 0;
  const callsIn = ([from, to]: Stretch) => log.holistic.filter(([s, e]) => s >= from && e <= to);
  for (const stretch of stretches) {
    const count = callsIn(stretch).length;
    if (count < 2) throw new Error(`${count} Holistic call(s) between ${Math.round(stretch[0])} and ${Math.round(stretch[1])} ms: the bench needs two or more.`);
  }
  for (const [from, to] of stretches.flatMap((s) => withoutOptionChanges(log, s))) {
    const calls = callsIn([from, to]);
    if (calls.length < 2) continue;
    const first = calls[0][0];
    const last = calls[calls.length - 1][0];
    frames += calls.length;
    intervals += calls.length - 1;
    spanMs += last - first;
    stretchMs += to - from;
    holisticMs += calls.reduce((sum, [s, e]) => sum + e - s, 0);
    longTasks += log.longTasks.filter(([s, d]) => {
      const task: Stretch = [s, s + d];
      if (task[0] < from || task[1] > to) return false;
      const holisticInside = calls.reduce((sum, call) => sum + overlap(task, call), 0);
      return d - holisticInside > LONG_TASK_MS;
    }).length;
    paints += log.paints.filter((t) => t >= first && t < last).length;
  }
  if (intervals === 0) throw new Error('No two Holistic calls in a row outside a change of options: the bench needs two or more.');
  return {
    holisticFrames: frames,
    fps: (intervals * 1000) / spanMs,
    holisticMsPerFrame: holisticMs / frames,
    longTasksPerMinute: longTasks / (stretchMs / 60_000),
    paintsPerHolisticFrame: paints / intervals,
  };
}
