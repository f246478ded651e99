/**
 * Real recordings and variants of them that take every branch of the feature spec: the
 * other hand dominant (mirrored), no body (the body frame from the face), no face (the
 * default image aspect), neither, and the windows a reading judges. The golden hashes in
 * tests/fixtures/features/spec-v3-hashes.json were computed from these by the spec
 * before frames were projected (features.test.ts), so any change to a value shows.
 */
import { readPack } from '../../training/data/recording-io';
import { FACE, POSE, VALUES_PER_LANDMARK, mirrorFrame, type LandmarkFrame, type LandmarkRange } from '../../src/lib/landmarks';
import { recentWindows } from '../../src/lib/recognition/recognizer';

export const SPEC_GOLDEN_FILE = 'tests/fixtures/features/spec-v3-hashes.json';

function without(frames: readonly LandmarkFrame[], parts: readonly LandmarkRange[]): LandmarkFrame[] {
  return frames.map((f) => {
    const data = f.data.slice();
    for (const p of parts) data.fill(NaN, p.start * VALUES_PER_LANDMARK, (p.start + p.count) * VALUES_PER_LANDMARK);
    return { timestampMs: f.timestampMs, data };
  });
}

export function specVariants(): Array<{ name: string; frames: LandmarkFrame[] }> {
  const dirs = ['public/signs/gislr-hello-thankyou', 'public/signs/rth-signs', 'tests/fixtures/features'];
  const recordings = dirs.flatMap((dir) => {
    const pack = readPack(dir);
    return pack.index.recordings.map((entry, i) => ({ name: `${dir}/${entry.file}`, frames: pack.recordings[i].frames }));
  });
  return recordings.flatMap(({ name, frames }) => [
    { name, frames },
    { name: `${name} mirrored`, frames: frames.map(mirrorFrame) },
    { name: `${name} without pose`, frames: without(frames, [POSE]) },
    { name: `${name} without face`, frames: without(frames, [FACE]) },
    { name: `${name} without pose and face`, frames: without(frames, [POSE, FACE]) },
    ...recentWindows(frames.slice(0, Math.ceil(frames.length * 0.6))).map((w, i) => ({ name: `${name} window ${i}`, frames: w })),
  ]);
}
