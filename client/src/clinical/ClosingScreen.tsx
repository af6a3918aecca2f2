import { MessageScreen } from '../exits/MessageScreen';
import { closingParagraphs } from './closing';
import './clinical.css';

type Props = {
  /** The session's closing text from the ended view; null when this page never saw it. */
  closing: string | null;
  /** Staff are told where the final attendance record is. */
  staff: boolean;
  sessionId: string | null;
};

/** Shown to everyone once the session has ended, and kept: the socket is closed and links no longer work. */
export function ClosingScreen({ closing, staff, sessionId }: Props) {
  return (
    // Someone who was there is thanked; a link opened afterwards first says the session is over.
    <MessageScreen title="Session ended" heading={closing === null ? 'This session has ended' : 'Thank you for today'}>
      {closing !== null && <p className="closing-ended">This session has ended.</p>}
      <div className="closing-text">
        {closingParagraphs(closing).map((text, i) => (
          <p key={i}>{text}</p>
        ))}
      </div>
      {staff && sessionId && (
        <p className="closing-staff">
          The attendance record is final now. You can download it from the Circle home page with the admin key and this session’s id:{' '}
          <code>{sessionId}</code>.
        </p>
      )}
      <p className="closing-close">You can close this page.</p>
    </MessageScreen>
  );
}
