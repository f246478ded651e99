import { describe, expect, it } from 'vitest';
import { afterNextPaint } from '../../src/lib/sources/paint-gate';
import { FakePaintClock } from './fakes/paint-clock';

describe('paint gate', () => {
  it('calls back in a task after the next rendering step has painted, not inside the step', () => {
    const clock = new FakePaintClock();
    const calls: { inRenderingStep: boolean; painted: number }[] = [];
    afterNextPaint(clock, () => calls.push({ inRenderingStep: clock.inRenderingStep, painted: clock.painted }));
    clock.runTasks();
    expect(calls).toEqual([]);
    clock.renderStep();
    expect(calls).toEqual([]);
    clock.runTasks();
    expect(calls).toEqual([{ inRenderingStep: false, painted: 1 }]);
    clock.renderStep();
    clock.runTasks();
    expect(calls).toHaveLength(1);
  });

  it('cancelled before the step or between the step and its task, never calls back', () => {
    const clock = new FakePaintClock();
    let called = 0;
    afterNextPaint(clock, () => called++)();
    const cancelAfterStep = afterNextPaint(clock, () => called++);
    clock.renderStep();
    cancelAfterStep();
    clock.runTasks();
    clock.renderStep();
    clock.runTasks();
    expect(called).toBe(0);
  });
});
