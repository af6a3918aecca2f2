import { lazy, Suspense } from 'react';
import { exhaustiveSwitchError } from '@circle/shared';
import { HomePage } from '../home/HomePage';
import { NotFoundPage } from './NotFoundPage';
import { LoadingScreen } from '../exits/LoadingScreen';
import { Route, routeOf } from './route';

// The join flow carries the socket and media code: loaded only on /join.
const SessionPage = lazy(() => import('../session/SessionPage'));

export function App({ pathname }: { pathname: string }) {
  const route = routeOf(pathname);
  switch (route) {
    case Route.home:
      return <HomePage />;
    case Route.join:
      return (
        <Suspense fallback={<LoadingScreen />}>
          <SessionPage />
        </Suspense>
      );
    case Route.notFound:
      return <NotFoundPage />;
    default:
      return exhaustiveSwitchError(route);
  }
}
