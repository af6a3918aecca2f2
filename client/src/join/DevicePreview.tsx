import { useEffect, useId, useRef } from 'react';
import type { PreviewState } from './useDevicePreview';
import { useAudioLevel } from './useAudioLevel';

type Props = {
  preview: PreviewState;
  cameraId: string | null;
  microphoneId: string | null;
  onCamera: (id: string) => void;
  onMicrophone: (id: string) => void;
};

/** The camera preview, a microphone level, and the choice of devices. */
export function DevicePreview({ preview, cameraId, microphoneId, onCamera, onMicrophone }: Props) {
  const id = useId();
  const videoRef = useRef<HTMLVideoElement>(null);
  const levelRef = useAudioLevel<HTMLDivElement>(preview.stream);
  const hasVideo = (preview.stream?.getVideoTracks().length ?? 0) > 0;

  useEffect(() => {
    const video = videoRef.current;
    if (video) video.srcObject = hasVideo ? preview.stream : null;
  }, [preview.stream, hasVideo]);

  const camera = cameraId ?? preview.activeCameraId ?? '';
  const microphone = microphoneId ?? preview.activeMicrophoneId ?? '';

  return (
    <div className="preview">
      <div className="preview-frame">
        <video ref={videoRef} className="preview-video mirrored" autoPlay playsInline muted aria-label="Your camera preview" hidden={!hasVideo} />
        {!hasVideo && (
          <p className="preview-empty" aria-hidden="true">
            {preview.problem ? 'No camera picture' : 'Starting your camera…'}
          </p>
        )}
      </div>
      <div className="level" aria-hidden="true">
        <span className="level-label">Sound level</span>
        <div className="level-track">
          <div className="level-bar" ref={levelRef} />
        </div>
      </div>
      {preview.problem && (
        <p className="notice" role="status">
          {preview.problem}
        </p>
      )}
      <div className="field">
        <label htmlFor={`${id}-camera`}>Camera</label>
        <select id={`${id}-camera`} className="select" value={camera} onChange={(e) => onCamera(e.target.value)}>
          {preview.cameras.length === 0 && <option value="">Default camera</option>}
          {preview.cameras.map((d) => (
            <option key={d.id} value={d.id}>
              {d.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-microphone`}>Microphone</label>
        <select id={`${id}-microphone`} className="select" value={microphone} onChange={(e) => onMicrophone(e.target.value)}>
          {preview.microphones.length === 0 && <option value="">Default microphone</option>}
          {preview.microphones.map((d) => (
            <option key={d.id} value={d.id}>
              {d.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
