/** The pages of the client: a tiny router on `location.pathname`. */
export const Route = { home: 'home', join: 'join', notFound: 'notFound' } as const;
export type Route = (typeof Route)[keyof typeof Route];

export function routeOf(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/index.html') return Route.home;
  if (path === '/join') return Route.join;
  return Route.notFound;
}
