import { useEffect, useState, useSyncExternalStore } from 'react';
import { exhaustiveSwitchError, isStaff } from '@circle/shared';
import { inspectLink } from '../api/http';
import { browserSupportsE2ee, createMediaSession } from '../media/media';
import { connect } from '../net/connection';
import { ClosingScreen } from '../clinical/ClosingScreen';
import { ClosedScreen, LeftScreen, ReloadScreen, RemovedScreen } from '../exits/EndScreens';
import { InvalidLinkScreen } from '../exits/InvalidLinkScreen';
import { LoadingScreen } from '../exits/LoadingScreen';
import { PrejoinScreen } from '../join/PrejoinScreen';
import { RoomScreen } from '../room/RoomScreen';
import { personalLink } from '../room/OtherDeviceLink';
import { browserCircleStorage } from '../storage/storage';
import { WaitingScreen } from '../waiting/WaitingScreen';
import { createSessionController, type SessionController } from './sessionController';
import { decideScreen, refusalMessage, Screen } from './screen';

function browserController(): SessionController {
  return createSessionController({
    hash: window.location.hash,
    inspect: (token) => inspectLink(token),
    storage: browserCircleStorage(),
    connect,
    createMedia: createMediaSession,
    e2eeSupported: browserSupportsE2ee,
  });
}

/** `/join#<token>`: one link's whole journey, from prejoin to the room and out again. */
export default function SessionPage() {
  const [controller] = useState(browserController);
  const snapshot = useSyncExternalStore(controller.subscribe, controller.getSnapshot);
  const screen = decideScreen(snapshot);

  useEffect(() => {
    void controller.start();
    return () => controller.dispose();
  }, [controller]);

  useEffect(() => {
    // A different link pasted into this tab: start again from it.
    const onHashChange = () => window.location.reload();
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);

  const reconnecting = snapshot.connection?.status === 'reconnecting';

  switch (screen) {
    case Screen.loading:
      return <LoadingScreen />;
    case Screen.rejoining:
      return <LoadingScreen message={reconnecting ? 'Reconnecting…' : 'Taking you back to the session…'} />;
    case Screen.invalid:
      return (
        <InvalidLinkScreen
          message={snapshot.invalid?.message ?? refusalMessage(snapshot.connection?.refusal ?? null)}
          code={snapshot.invalid?.code ?? snapshot.connection?.refusal ?? 'invalid_link'}
          onRetry={() => void controller.start()}
        />
      );
    case Screen.prejoin:
      if (!snapshot.link) return <LoadingScreen />;
      return (
        <PrejoinScreen
          link={snapshot.link}
          knownName={snapshot.knownName}
          deviceKind={snapshot.deviceKind}
          devices={snapshot.devices}
          busy={snapshot.joinBusy}
          error={snapshot.joinError}
          onJoin={(request) => void controller.join(request)}
        />
      );
    case Screen.waiting:
      return (
        <WaitingScreen
          title={snapshot.view?.title ?? snapshot.link?.title ?? 'Circle'}
          name={snapshot.self?.name ?? ''}
          reconnecting={reconnecting}
          sentBack={snapshot.wasAdmitted}
          onLeave={() => void controller.leave()}
        />
      );
    case Screen.room:
      if (!snapshot.view || !snapshot.self) return <LoadingScreen />;
      return (
        <RoomScreen
          view={snapshot.view}
          self={snapshot.self}
          deviceKind={snapshot.deviceKind}
          reconnecting={reconnecting}
          notice={snapshot.notice?.message ?? null}
          media={controller.media}
          send={controller.command}
          onLeave={() => void controller.leave()}
          ownLink={personalLink(window.location.origin, browserCircleStorage().personToken(snapshot.view.sessionId))}
        />
      );
    case Screen.removed:
      return <RemovedScreen />;
    case Screen.ended:
      return (
        <ClosingScreen
          closing={snapshot.view?.clinical.closing ?? null}
          staff={snapshot.self !== null && isStaff(snapshot.self.role)}
          sessionId={snapshot.view?.sessionId ?? null}
        />
      );
    case Screen.left:
      return <LeftScreen onRejoin={() => void controller.start()} />;
    case Screen.reload:
      return <ReloadScreen />;
    case Screen.closed:
      return <ClosedScreen message={refusalMessage(snapshot.connection?.refusal ?? null)} />;
    default:
      return exhaustiveSwitchError(screen);
  }
}
