import { useEffect, useRef } from 'react';

/**
 * Draws the microphone's level into an element's `--level` (0…1) without re-rendering React,
 * so a person can see that they are heard before they join.
 */
export function useAudioLevel<T extends HTMLElement>(stream: MediaStream | null) {
  const ref = useRef<T>(null);
  useEffect(() => {
    const track = stream?.getAudioTracks()[0];
    const el = ref.current;
    if (!track || !el || typeof AudioContext === 'undefined') return;
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    context.createMediaStreamSource(new MediaStream([track])).connect(analyser);
    const samples = new Uint8Array(analyser.fftSize);
    let frame = 0;
    const tick = () => {
      analyser.getByteTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += ((s - 128) / 128) ** 2;
      const level = Math.min(1, Math.sqrt(sum / samples.length) * 4);
      el.style.setProperty('--level', level.toFixed(3));
      frame = requestAnimationFrame(tick);
    };
    tick();
    // Browsers start audio contexts suspended until the person interacts with the page.
    const resume = () => void context.resume().catch(() => undefined);
    const events = ['pointerdown', 'keydown'] as const;
    for (const e of events) window.addEventListener(e, resume, { once: true, capture: true });
    return () => {
      for (const e of events) window.removeEventListener(e, resume, { capture: true });
      cancelAnimationFrame(frame);
      el.style.setProperty('--level', '0');
      void context.close();
    };
  }, [stream]);
  return ref;
}
