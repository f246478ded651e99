/**
 * Opening the webcam, and turning every way it can fail into one of a few states the
 * learner can act on. The classification is pure (tested without a browser).
 */

export type CameraProblem = 'insecure-context' | 'unsupported' | 'permission-denied' | 'no-camera' | 'camera-busy' | 'unknown';

export class CameraError extends Error {
  constructor(readonly problem: CameraProblem, readonly detail: string) {
    super(`${problem}: ${detail}`);
    this.name = 'CameraError';
  }
}

/** What the environment offers, so the checks can be tested with fakes. */
export interface CameraEnvironment {
  isSecureContext: boolean;
  mediaDevices?: Pick<MediaDevices, 'getUserMedia' | 'enumerateDevices'> & Partial<Pick<MediaDevices, 'addEventListener' | 'removeEventListener'>>;
  /** The Permissions API: whether the camera was granted on an earlier visit, and to hear it granted again. */
  permissions?: Pick<Permissions, 'query'>;
}

/**
 * Whether this site may use the camera without asking: 'granted' once the learner allowed
 * it (and the browser remembers), 'prompt' or 'denied' otherwise; null when the browser
 * cannot tell (no Permissions API, or one that does not know 'camera', as in Firefox).
 */
export async function cameraPermission(env: CameraEnvironment): Promise<PermissionState | null> {
  try {
    return (await env.permissions?.query({ name: 'camera' as PermissionName }))?.state ?? null;
  } catch {
    return null;
  }
}

/** Maps a getUserMedia rejection to the problem a learner can fix. */
export function classifyCameraError(error: unknown): CameraProblem {
  const name = (error as { name?: string } | null)?.name ?? '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'permission-denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'no-camera';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'camera-busy';
    default:
      return 'unknown';
  }
}

export interface CameraChoice {
  deviceId: string;
  label: string;
}

/** Ideal capture: enough detail for hands, light enough for Holistic on a laptop. */
export const CAMERA_CONSTRAINTS: MediaTrackConstraints = {
  width: { ideal: 640 },
  height: { ideal: 480 },
  frameRate: { ideal: 30 },
};

export async function openCamera(env: CameraEnvironment, deviceId?: string): Promise<MediaStream> {
  if (!env.isSecureContext) throw new CameraError('insecure-context', 'The page is not served over https or localhost.');
  if (!env.mediaDevices?.getUserMedia) throw new CameraError('unsupported', 'This browser has no camera API (navigator.mediaDevices).');
  try {
    return await env.mediaDevices.getUserMedia({
      audio: false,
      video: deviceId ? { ...CAMERA_CONSTRAINTS, deviceId: { exact: deviceId } } : { ...CAMERA_CONSTRAINTS, facingMode: 'user' },
    });
  } catch (e) {
    throw new CameraError(classifyCameraError(e), (e as Error)?.message || String(e));
  }
}

/** Video inputs, labelled (labels are only known once permission was granted). */
export async function listCameras(env: CameraEnvironment): Promise<CameraChoice[]> {
  if (!env.mediaDevices?.enumerateDevices) return [];
  const devices = await env.mediaDevices.enumerateDevices();
  return devices
    .filter((d) => d.kind === 'videoinput')
    .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Camera ${i + 1}` }));
}

export function stopStream(stream: MediaStream | null | undefined): void {
  stream?.getTracks().forEach((t) => t.stop());
}
