import { useCallback, useId } from 'react';
import type { Tile } from './roomModel';

export type AttachVideo = (identity: string, element: HTMLVideoElement) => () => void;

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : parts;
  return letters.map((p) => Array.from(p ?? '')[0] ?? '').join('').toLocaleUpperCase();
}

function VideoTile({ tile, attach }: { tile: Tile; attach: AttachVideo }) {
  const identity = tile.video?.identity;
  const trackKey = tile.video?.trackKey;
  // Re-attached whenever the track behind the identity changes; detached on unmount.
  const videoRef = useCallback(
    (el: HTMLVideoElement | null) => (el && identity && trackKey ? attach(identity, el) : undefined),
    [attach, identity, trackKey],
  );
  const label = tile.roomCamera ? `${tile.name}, room camera` : tile.name;
  return (
    <li className={`tile${tile.speaking ? ' is-speaking' : ''}${tile.away ? ' is-away' : ''}`}>
      {tile.video ? (
        <video
          key={trackKey}
          ref={videoRef}
          className={`tile-video${tile.isSelf && !tile.roomCamera ? ' mirrored' : ''}`}
          autoPlay
          playsInline
          muted
          aria-label={`Video of ${label}`}
        />
      ) : (
        <div className="tile-avatar" aria-hidden="true">
          {initials(tile.name)}
        </div>
      )}
      <div className="tile-caption">
        <span className="tile-name">
          {tile.name}
          {tile.isSelf && <span className="tile-you"> (you)</span>}
        </span>
        {tile.roleLabel && <span className="badge badge-dark">{tile.roleLabel}</span>}
        {tile.roomCamera && <span className="badge badge-dark">Room camera</span>}
        {tile.inRoom && <span className="badge badge-dark">In the room</span>}
        {tile.away && <span className="badge badge-dark">Away</span>}
        {tile.speaking && <SpeakingBadge dark />}
      </div>
    </li>
  );
}

export function SpeakingBadge({ dark = false }: { dark?: boolean }) {
  return (
    <span className={`speaking-badge${dark ? ' speaking-badge-dark' : ''}`}>
      <span className="speaking-dot" aria-hidden="true" />
      Speaking
    </span>
  );
}

/** Everyone in the group, with video where there is some. */
export function VideoGrid({ tiles, attach }: { tiles: Tile[]; attach: AttachVideo }) {
  const id = useId();
  return (
    <section className="video-area" aria-labelledby={id}>
      <h2 id={id} className="visually-hidden">
        Video
      </h2>
      <ul className={`tiles tiles-${Math.min(tiles.length, 6)}`}>
        {tiles.map((tile) => (
          <VideoTile key={tile.key} tile={tile} attach={attach} />
        ))}
      </ul>
    </section>
  );
}
