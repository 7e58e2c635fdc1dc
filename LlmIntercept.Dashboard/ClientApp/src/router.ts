import { useEffect, useState } from 'preact/hooks';

/** Where the app is: a path such as "/requests/42" and the query that carries the filters. */
export interface Route {
  path: string;
  params: URLSearchParams;
}

// A hash route needs nothing from the server: the same page works at "/" and under "/admin/".
function readRoute(): Route {
  const hash = location.hash.replace(/^#/, '') || '/';
  const question = hash.indexOf('?');
  const path = question < 0 ? hash : hash.slice(0, question);
  const params = new URLSearchParams(question < 0 ? '' : hash.slice(question + 1));
  return { path: path || '/', params };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(readRoute);
  useEffect(() => {
    const update = () => setRoute(readRoute());
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}

export function href(path: string, params?: URLSearchParams): string {
  const query = params?.toString();
  return `#${path}${query ? `?${query}` : ''}`;
}

export function navigate(path: string, params?: URLSearchParams): void {
  location.hash = href(path, params);
}
