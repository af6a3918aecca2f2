import { Brand } from '../ui/Brand';
import { useDocumentTitle } from '../ui/hooks';

export function NotFoundPage() {
  useDocumentTitle('Page not found — Circle');
  return (
    <main className="center-page">
      <div className="card center-card">
        <Brand home />
        <h1>Page not found</h1>
        <p>There is nothing at this address. If you were sent a link to a session, please open it exactly as you received it.</p>
        <a className="button button-secondary" href="/">
          Go to the Circle home page
        </a>
      </div>
    </main>
  );
}
