import { BrandMark } from '../ui/Brand';
import { useDocumentTitle } from '../ui/hooks';
import { CreateSessionForm } from './CreateSessionForm';
import { SessionLinksCard } from './SessionLinksCard';
import { AttendanceDownload } from './AttendanceDownload';
import { useCreateSession } from './useCreateSession';
import './home.css';

export function HomePage() {
  useDocumentTitle('Circle');
  const { state, submit, shown } = useCreateSession();
  return (
    <div className="page home">
      <main>
        <h1 className="home-title">
          <BrandMark />
          Circle
        </h1>
        <p className="home-lede">
          A calm, private room for online group therapy. Members join from a link, wait until the facilitator lets them in, and
          meet with video in a small circle.
        </p>
        <CreateSessionForm
          busy={state.status === 'submitting'}
          error={state.status === 'failed' ? state.message : null}
          onSubmit={submit}
        />
        {shown && <SessionLinksCard session={shown} />}
        <AttendanceDownload />
      </main>
    </div>
  );
}
