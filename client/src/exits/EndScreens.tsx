import { MessageScreen } from './MessageScreen';

export function RemovedScreen() {
  return (
    <MessageScreen title="Removed" heading="You have been removed from this session.">
      <p>If you would like to talk about this, please contact your facilitator outside the session.</p>
    </MessageScreen>
  );
}

export function LeftScreen({ onRejoin }: { onRejoin: () => void }) {
  return (
    <MessageScreen title="You left" heading="You have left the session">
      <p>Take care. If you left by mistake, you can join again.</p>
      <div className="button-row">
        <button type="button" className="button" onClick={onRejoin}>
          Join again
        </button>
      </div>
    </MessageScreen>
  );
}

export function ReloadScreen() {
  return (
    <MessageScreen title="Please reload" heading="Circle has been updated">
      <p>Please reload this page to continue. You will go straight back to where you were.</p>
      <div className="button-row">
        <button type="button" className="button" onClick={() => window.location.reload()}>
          Reload
        </button>
      </div>
    </MessageScreen>
  );
}

export function ClosedScreen({ message }: { message: string }) {
  return (
    <MessageScreen title="Disconnected" heading="Circle could not connect">
      <p>{message}</p>
      <div className="button-row">
        <button type="button" className="button" onClick={() => window.location.reload()}>
          Try again
        </button>
      </div>
    </MessageScreen>
  );
}
