import { useEffect, useState } from 'react';

export type DeviceOption = { id: string; label: string };

export type PreviewState = {
  stream: MediaStream | null;
  cameras: DeviceOption[];
  microphones: DeviceOption[];
  /** The devices the preview actually uses (the browser's choice when none was made). */
  activeCameraId: string | null;
  activeMicrophoneId: string | null;
  /** A plain sentence when the camera or microphone cannot be shown. */
  problem: string | null;
};

const EMPTY: PreviewState = { stream: null, cameras: [], microphones: [], activeCameraId: null, activeMicrophoneId: null, problem: null };

function stop(stream: MediaStream | null): void {
  stream?.getTracks().forEach((t) => t.stop());
}

function problemOf(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return "Circle doesn't have permission to use your camera and microphone. You can allow it in your browser's settings for this site, or join as a control console.";
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'No camera or microphone was found on this device.';
  if (name === 'NotReadableError') return 'Your camera or microphone seems to be in use by another app. Close it and try again.';
  return 'Your camera and microphone could not be started.';
}

async function listDevices(): Promise<Pick<PreviewState, 'cameras' | 'microphones'>> {
  const all = await navigator.mediaDevices.enumerateDevices().catch(() => []);
  const options = (kind: MediaDeviceKind, fallback: string) =>
    all
      .filter((d) => d.kind === kind && d.deviceId !== '')
      .map((d, i) => ({ id: d.deviceId, label: d.label || `${fallback} ${i + 1}` }));
  return { cameras: options('videoinput', 'Camera'), microphones: options('audioinput', 'Microphone') };
}

async function open(cameraId: string | null, microphoneId: string | null): Promise<{ stream: MediaStream | null; problem: string | null }> {
  const video: MediaTrackConstraints | boolean = cameraId ? { deviceId: cameraId } : true;
  const audio: MediaTrackConstraints | boolean = microphoneId ? { deviceId: microphoneId } : true;
  try {
    return { stream: await navigator.mediaDevices.getUserMedia({ video, audio }), problem: null };
  } catch (error) {
    const name = (error as { name?: unknown }).name;
    if (name !== 'NotFoundError' && name !== 'NotReadableError' && name !== 'OverconstrainedError') return { stream: null, problem: problemOf(error) };
    // One of the two may still work: a laptop without a camera, a camera busy elsewhere.
    try {
      return { stream: await navigator.mediaDevices.getUserMedia({ audio }), problem: 'Your camera could not be started. You can still join with your microphone.' };
    } catch {
      return { stream: null, problem: problemOf(error) };
    }
  }
}

/** A live preview of the chosen camera and microphone, with the devices to choose from. */
export function useDevicePreview(enabled: boolean, cameraId: string | null, microphoneId: string | null): PreviewState {
  const [state, setState] = useState<PreviewState>(EMPTY);

  useEffect(() => {
    if (!enabled) {
      setState(EMPTY);
      return;
    }
    if (!navigator.mediaDevices?.getUserMedia) {
      setState({ ...EMPTY, problem: 'This browser cannot use a camera here. Circle needs a secure (https) page and a recent browser.' });
      return;
    }
    let cancelled = false;
    let stream: MediaStream | null = null;
    void (async () => {
      const opened = await open(cameraId, microphoneId);
      stream = opened.stream;
      if (cancelled) return stop(stream);
      const devices = await listDevices();
      if (cancelled) return;
      setState({
        stream,
        ...devices,
        activeCameraId: stream?.getVideoTracks()[0]?.getSettings().deviceId ?? null,
        activeMicrophoneId: stream?.getAudioTracks()[0]?.getSettings().deviceId ?? null,
        problem: opened.problem,
      });
    })();
    const onChange = () => void listDevices().then((d) => !cancelled && setState((s) => ({ ...s, ...d })));
    navigator.mediaDevices.addEventListener?.('devicechange', onChange);
    return () => {
      cancelled = true;
      navigator.mediaDevices.removeEventListener?.('devicechange', onChange);
      stop(stream);
    };
  }, [enabled, cameraId, microphoneId]);

  return state;
}
