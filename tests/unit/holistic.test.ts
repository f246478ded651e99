import { describe, expect, it } from 'vitest';
import { HolisticFrameError, landmarkerFromSolution, type HolisticSolution } from '../../src/lib/holistic/holistic';
import type { HolisticLandmarkResult } from '../../src/lib/landmarks/frame';

/** A Holistic solution whose send() does what each test scripts for it. */
class FakeHolistic implements HolisticSolution {
  options: Record<string, unknown>[] = [];
  sent: number[] = [];
  /** Per send: 'ok' answers through onResults, 'throw' rejects, 'silent' resolves without a result. */
  script: ('ok' | 'throw' | 'silent')[] = [];
  private listener: ((r: HolisticLandmarkResult) => void) | null = null;
  setOptions(options: Record<string, unknown>) {
    this.options.push(options);
  }
  onResults(listener: (r: HolisticLandmarkResult) => void) {
    this.listener = listener;
  }
  async initialize() {}
  async send(_inputs: unknown, timestampMs?: number) {
    this.sent.push(timestampMs!);
    const step = this.script.shift() ?? 'ok';
    if (step === 'throw') throw new Error('graph aborted');
    if (step === 'ok') this.listener?.({});
  }
  reset() {}
  async close() {}
}

const image = {} as HTMLCanvasElement;

describe('Holistic landmarker', () => {
  it('a send that rejects fails that frame only: the next frames are tracked', async () => {
    const fake = new FakeHolistic();
    fake.script = ['throw'];
    const landmarker = await landmarkerFromSolution(fake);
    const error = await landmarker.detect(image, 10).catch((e) => e);
    expect(error).toBeInstanceOf(HolisticFrameError);
    expect(error.message).toMatch(/graph aborted/);
    await expect(landmarker.detect(image, 20)).resolves.toMatchObject({ timestampMs: 20 });
    await expect(landmarker.detect(image, 30)).resolves.toMatchObject({ timestampMs: 30 });
  });

  it('a frame that gets no result once send resolved fails at once instead of hanging, and the next works', async () => {
    const fake = new FakeHolistic();
    fake.script = ['silent'];
    const landmarker = await landmarkerFromSolution(fake);
    await expect(landmarker.detect(image, 10)).rejects.toThrow(/no result for the frame at 10 ms/);
    await expect(landmarker.detect(image, 20)).resolves.toMatchObject({ timestampMs: 20 });
  });

  it('changes the model complexity between frames', async () => {
    const fake = new FakeHolistic();
    const landmarker = await landmarkerFromSolution(fake, { modelComplexity: 1 });
    expect(fake.options[0]).toMatchObject({ modelComplexity: 1 });
    landmarker.setModelComplexity(0);
    expect(landmarker.modelComplexity).toBe(0);
    expect(fake.options).toHaveLength(1);
    await landmarker.detect(image, 10);
    expect(fake.options[1]).toEqual({ modelComplexity: 0 });
    await landmarker.detect(image, 20);
    expect(fake.options).toHaveLength(2);
  });
});
