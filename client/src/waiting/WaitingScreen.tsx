import { Brand } from '../ui/Brand';
import { useDocumentTitle, useFocusOnMount } from '../ui/hooks';
import { StatusRegion } from '../ui/messages';
import './waiting.css';

type Props = {
  title: string;
  name: string;
  reconnecting: boolean;
  /** Set when the person was in the group and has been asked to wait again. */
  sentBack: boolean;
  onLeave: () => void;
};

/** Calm waiting: the person knows where they are and that nothing more is needed of them. */
export function WaitingScreen({ title, name, reconnecting, sentBack, onLeave }: Props) {
  useDocumentTitle(`Waiting — ${title} — Circle`);
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  return (
    <main className="center-page waiting">
      <div className="card center-card waiting-card">
        <Brand />
        <div className="breathing" aria-hidden="true">
          <div className="breathing-ring" />
        </div>
        <p className="waiting-title">{title}</p>
        <h1 ref={headingRef} tabIndex={-1}>
          Waiting for the facilitator to let you in
        </h1>
        <p>
          {sentBack
            ? `The facilitator has asked you to wait here for a moment, ${name}. You will go back to the group when they let you in.`
            : `You're in the right place, ${name}. The facilitator will let you in soon — you don't need to do anything.`}
        </p>
        <p className="muted">While you wait, you might take a slow breath in as the circle grows, and out as it shrinks.</p>
        <StatusRegion>{reconnecting ? 'Reconnecting…' : null}</StatusRegion>
        <div className="button-row">
          <button type="button" className="button button-secondary" onClick={onLeave}>
            Leave
          </button>
        </div>
      </div>
    </main>
  );
}
