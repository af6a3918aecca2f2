import { useDocumentTitle } from '../ui/hooks';
import './exits.css';

/** While a link is read or a device goes back in: a quiet spinner and plain words. */
export function LoadingScreen({ message = 'Opening Circle…' }: { message?: string }) {
  useDocumentTitle('Circle');
  return (
    <main className="center-page">
      <div className="loading">
        <div className="loading-ring" aria-hidden="true" />
        <h1 className="visually-hidden">Circle</h1>
        <p role="status">{message}</p>
      </div>
    </main>
  );
}
