import { NETWORK_ERROR_CODE, isTemporary } from '../api/http';
import { MessageScreen } from './MessageScreen';

type Props = { message: string; code: string; onRetry: () => void };

/** A page that may be tried again: what it is titled and headed. */
function retryable(code: string): { title: string; heading: string } | null {
  if (code === NETWORK_ERROR_CODE) return { title: "Can't reach Circle", heading: "Circle can't be reached right now" };
  // The link may well be fine: Circle could not check it just now.
  if (isTemporary(code)) return { title: 'Circle is busy', heading: "Circle can't open your link right now" };
  if (code === 'session_locked') return { title: 'Session closed to new arrivals', heading: 'This session is closed to new arrivals' };
  return null;
}

/** The link cannot be used (nothing was created); the server's message says why. */
export function InvalidLinkScreen({ message, code, onRetry }: Props) {
  const again = retryable(code);
  if (again) {
    return (
      <MessageScreen title={again.title} heading={again.heading}>
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
