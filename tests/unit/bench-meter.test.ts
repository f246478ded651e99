import { describe, expect, it } from 'vitest';
import { LONG_TASK_MS, playFigures, type MeterLog } from '../../training/bench/page-meter';
import { bundleSizes } from '../../training/commands/bench';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Holistic calls of `ms` every `every` ms from `start`, and an animation frame every 16 ms. */
function log(calls: number, every: number, ms: number, longTasks: [number, number][] = [], start = 1000): MeterLog {
  const holistic = Array.from({ length: calls }, (_, i): [number, number] => [start + i * every, start + i * every + ms]);
  const paints = Array.from({ length: Math.ceil((calls * every) / 16) }, (_, i) => start + i * 16);
  return { holistic, paints, longTasks, sending: 0, afterOptions: [] };
}

describe('bench figures from a page log', () => {
  it('frame rate from the first call to the last, Holistic ms as the mean call', () => {
    const figures = playFigures(log(11, 200, 150), [[0, 5000]]);
    expect(figures.holisticFrames).toBe(11);
    expect(figures.fps).toBeCloseTo(5, 6);
    expect(figures.holisticMsPerFrame).toBeCloseTo(150, 6);
    expect(figures.paintsPerHolisticFrame).toBeCloseTo(200 / 16, 0);
  });

  it('a long task is counted only for what it holds beyond the Holistic calls inside it', () => {
    const holisticOnly: [number, number] = [1000, 150];
    const holisticAndMore: [number, number] = [1300, 150 + LONG_TASK_MS + 10];
    const other: [number, number] = [2050, LONG_TASK_MS + 1];
    const figures = playFigures(log(11, 300, 150, [holisticOnly, holisticAndMore, other]), [[0, 6000]]);
    expect(figures.longTasksPerMinute).toBeCloseTo(2 / (6000 / 60_000), 6);
  });

  it('pools stretches: frames, time between each one\'s first and last call, paints and long tasks', () => {
    const meter = log(21, 300, 150, [[1160, LONG_TASK_MS + 10]]);
    // Calls 0-3 (900 ms between the first's start and the last's) and 10-20 (3000 ms): 13 intervals in 3900 ms.
    const figures = playFigures(meter, [[1000, 2300], [4000, 7200]]);
    expect(figures.holisticFrames).toBe(15);
    expect(figures.fps).toBeCloseTo((13 * 1000) / 3900, 6);
    expect(figures.paintsPerHolisticFrame).toBeCloseTo(3900 / 16 / 13, 0);
    expect(figures.longTasksPerMinute).toBeCloseTo(1 / ((1300 + 3200) / 60_000), 6);
  });

  it('leaves out the call after a change of options (a pose model switch), as if the stretch stopped around it', () => {
    const meter = log(11, 200, 150);
    meter.holistic[5] = [2000, 7000];
    for (let i = 6; i < 11; i++) meter.holistic[i] = [7050 + (i - 6) * 200, 7200 + (i - 6) * 200];
    meter.afterOptions.push(2000);
    const figures = playFigures(meter, [[0, 9000]]);
    // Calls 0-4 (800 ms) and 6-10 (800 ms): 8 intervals in 1600 ms, the 5 s call in neither.
    expect(figures.holisticFrames).toBe(10);
    expect(figures.fps).toBeCloseTo(5, 6);
    expect(figures.holisticMsPerFrame).toBeCloseTo(150, 6);
  });

  it('keeps to the stretch asked for, and says when it holds too few calls', () => {
    expect(playFigures(log(11, 200, 150), [[1150, 5000]]).holisticFrames).toBe(10);
    expect(() => playFigures(log(11, 200, 150), [[0, 5000], [2950, 3200]])).toThrow('1 Holistic call(s) between 2950 and 3200 ms: the bench needs two or more.');
  });
});

describe('bundle sizes', () => {
  it('gzips every JS and CSS file of a build, in subfolders too, and nothing else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-bundle-'));
    mkdirSync(join(dir, 'assets'));
    const js = 'console.log("a");'.repeat(50);
    const css = 'body{color:red}'.repeat(50);
    writeFileSync(join(dir, 'assets', 'main.js'), js);
    writeFileSync(join(dir, 'sw.js'), js);
    writeFileSync(join(dir, 'assets', 'app.css'), css);
    writeFileSync(join(dir, 'index.html'), '<html></html>');
    writeFileSync(join(dir, 'assets', 'model.wasm'), 'x'.repeat(1000));
    expect(bundleSizes(dir)).toEqual({ js: 2 * gzipSync(js).length, css: gzipSync(css).length });
  });
});
