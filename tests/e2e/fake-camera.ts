/** The fake webcam (training/fake-camera-clip.ts) and what tests read off the self-view. */
import { expect, type Page } from '@playwright/test';

export { makeFakeCameraClip } from '../../training/fake-camera-clip';

/** More painted overlay pixels than this: a skeleton was drawn (a 640x360 overlay has 230,400). */
export const SKELETON_PIXELS = 500;

/** Pixels the live skeleton has painted on the self-view's overlay canvas. */
export function paintedOverlayPixels(page: Page): Promise<number> {
  return page.getByTestId('overlay').evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
    return painted;
  });
}

/** A first visit on the fake camera: Start, Turn on camera, and the self-view live (Holistic's first frame takes up to `timeout` ms). */
export async function openLiveCamera(page: Page, timeout = 120_000): Promise<void> {
  await page.goto('./');
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByRole('button', { name: 'Turn on camera' }).click();
  await expect(page.getByTestId('overlay')).toBeVisible({ timeout });
}
