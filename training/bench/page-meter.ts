/**
 * What `signs bench` watches in a page, from outside the app's code so that it measures
 * the game as shipped: every Holistic call (the package's `send`, wrapped as the class is
 * defined), every animation frame, every long task. `playFigures` turns a stretch of that
 * log into the bench's figures.
 */

/** Times in ms of the page's clock (performance.now(): from navigation start). */
export interface MeterLog {
  /** [start, end] of each Holistic call. */
  holistic: [number, number][];
  /** Start time of each animation frame. */
  paints: number[];
  /** [start, duration] of each long task (> 50 ms). */
  longTasks: [number, number][];
}

declare global {
  interface Window {
    __benchMeter?: MeterLog;
  }
}

/** For page.addInitScript: runs before the page's own scripts; self-contained (it is serialised). */
export function installPageMeter(): void {
  const log: MeterLog = { holistic: [], paints: [], longTasks: [] };
  window.__benchMeter = log;
  type Solution = { send(...args: unknown[]): Promise<void> };
  let holistic: unknown;
  Object.defineProperty(globalThis, 'Holistic', {
    configurable: true,
    get: () => holistic,
    set(ctor: new (...args: unknown[]) => Solution) {
      holistic = new Proxy(ctor, {
        construct(target, args, newTarget) {
          const solution = Reflect.construct(target, args, newTarget) as Solution;
          const send = solution.send.bind(solution);
          solution.send = async (...sendArgs) => {
            const start = performance.now();
            try {
              return await send(...sendArgs);
            } finally {
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
  /** Holistic calls that started and ended in the stretch. */
  holisticFrames: number;
  /** Holistic frames a second, from the first call's start to the last's. */
  fps: number;
  holisticMsPerFrame: number;
  /** Long tasks still over LONG_TASK_MS once the Holistic calls inside them are taken out, per minute of the stretch. */
  longTasksPerMinute: number;
  /** Animation frames between the first and the last Holistic call, per Holistic frame. */
  paintsPerHolisticFrame: number;
}

function overlap(a: [number, number], b: [number, number]): number {
  return Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));
}

/** The figures of the log between `from` and `to`; throws unless at least two Holistic calls fall in it. */
export function playFigures(log: MeterLog, from: number, to: number): PlayFigures {
  const calls = log.holistic.filter(([s, e]) => s >= from && e <= to);
  if (calls.length < 2) throw new Error(`${calls.length} Holistic call(s) between ${Math.round(from)} and ${Math.round(to)} ms: the bench needs two or more.`);
  const first = calls[0][0];
  const last = calls[calls.length - 1][0];
  const intervals = calls.length - 1;
  const long = log.longTasks.filter(([s, d]) => {
    const task: [number, number] = [s, s + d];
    if (task[0] < from || task[1] > to) return false;
    const holisticInside = calls.reduce((sum, call) => sum + overlap(task, call), 0);
    return d - holisticInside > LONG_TASK_MS;
  });
  return {
    holisticFrames: calls.length,
    fps: (intervals * 1000) / (last - first),
    holisticMsPerFrame: calls.reduce((sum, [s, e]) => sum + e - s, 0) / calls.length,
    longTasksPerMinute: long.length / ((to - from) / 60_000),
    paintsPerHolisticFrame: log.paints.filter((t) => t >= first && t < last).length / intervals,
  };
}
