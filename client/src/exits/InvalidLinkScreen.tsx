import { NETWORK_ERROR_CODE } from '../api/http';
import { MessageScreen } from './MessageScreen';

type Props = { message: string; code: string; onRetry: () => void };

/** The link cannot be used (nothing was created); the server's message says why. */
export function InvalidLinkScreen({ message, code, onRetry }: Props) {
  if (code === NETWORK_ERROR_CODE || code === 'session_locked') {
    return (
      <MessageScreen
        title={code === NETWORK_ERROR_CODE ? "Can't reach Circle" : 'Session closed to new arrivals'}
        heading={code === NETWORK_ERROR_CODE ? "Circle can't be reached right now" : 'This session is closed to new arrivals'}
      >
        <p>{message}</p>
        <div className="button-row">
          <button type="button" className="button" onClick={onRetry}>
            Try again
          </button>
        </div>
      </MessageScreen>
    );
  }
  return (
    <MessageScreen title="Link not valid" heading="This link is not valid">
      <p>{message}</p>
      {!/facilitator/i.test(message) && <p>If you think this is a mistake, please contact your facilitator.</p>}
    </MessageScreen>
  );
}
