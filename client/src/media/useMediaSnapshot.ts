import { useSyncExternalStore } from 'react';
import type { MediaSession, MediaSnapshot } from './media';

/** The media layer's plain snapshot, kept current in React. */
export function useMediaSnapshot(media: MediaSession): MediaSnapshot {
  return useSyncExternalStore(media.subscribe, media.getSnapshot);
}
