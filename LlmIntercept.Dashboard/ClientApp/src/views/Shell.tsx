import { useEffect, useState } from 'preact/hooks';
import { apiUrl, signOut } from '../api';
import { readFilters, writeFilters, type Filters } from '../filters';
import { fetchModels } from '../queries';
import { href, navigate, useRoute } from '../router';
import { FilterBar } from '../components/FilterBar';
import { Overview } from './Overview';
import { RequestList } from './RequestList';
import { RequestView } from './RequestView';
import { ExportPanel } from './ExportPanel';

const sections = [
  { path: '/', label: 'Overview' },
  { path: '/requests', label: 'Requests' },
  { path: '/export', label: 'Export' },
];

export function Shell({ onSignedOut }: { onSignedOut: () => void }) {
  const route = useRoute();
  const [models, setModels] = useState<string[]>([]);
  const filters = readFilters(route.params);
  const detail = /^\/requests\/(\d+)$/.exec(route.path);

  useEffect(() => {
    fetchModels().then(setModels, () => setModels([]));
  }, []);

  useEffect(() => {
    document.getElementById('main')?.focus({ preventScroll: true });
    document.title = `${detail ? `Request #${detail[1]}` : titleOf(route.path)} · LLM Intercept`;
  }, [route.path]);

  useEffect(() => {
    addEventListener('keydown', focusSearch);
    return () => removeEventListener('keydown', focusSearch);
  }, []);

  const applyFilters = (next: Filters) => {
    const params = writeFilters(next, route.params);
    params.delete('page');
    navigate(route.path, params);
  };

  const leave = async () => {
    await signOut().catch(() => undefined);
    onSignedOut();
  };

  // Filters travel between sections; the page number belongs to the list alone.
  const shared = new URLSearchParams(route.params);
  shared.delete('page');

  return (
    <div class="shell">
      <a class="skip" href="#main" onClick={(event) => skipToMain(event)}>
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href={href('/', shared)}>
          <span class="brand-mark" aria-hidden="true" />
          LLM Intercept
        </a>
        <nav aria-label="Sections">
          {sections.map((section) => (
            <a
              key={section.path}
              href={href(section.path, shared)}
              aria-current={isCurrent(route.path, section.path) ? 'page' : undefined}
            >
              {section.label}
            </a>
          ))}
          <a href={apiUrl('graphiql')}>GraphiQL</a>
        </nav>
        <button type="button" class="ghost" onClick={leave}>
          Sign out
        </button>
      </header>
      {detail ? null : <FilterBar filters={filters} models={models} onApply={applyFilters} />}
      <main id="main" tabIndex={-1}>
        {detail ? (
          <RequestView id={Number(detail[1])} backHref={href('/requests', route.params)} />
        ) : route.path === '/' ? (
          <Overview filters={filters} onApply={applyFilters} />
        ) : route.path === '/requests' ? (
          <RequestList filters={filters} params={route.params} onApply={applyFilters} />
        ) : route.path === '/export' ? (
          <ExportPanel filters={filters} />
        ) : (
          <section class="empty">
            <h1>Page not found</h1>
            <p>
              <a href={href('/')}>Go to the overview</a>
            </p>
          </section>
        )}
      </main>
    </div>
  );
}

function titleOf(path: string): string {
  return sections.find((section) => section.path === path)?.label ?? 'Not found';
}

/** "/" jumps to the search box, as on most sites with one, unless the person is typing somewhere. */
function focusSearch(event: KeyboardEvent) {
  const target = event.target as HTMLElement;
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || target.closest('input, textarea, select')) {
    return;
  }

  const search = document.querySelector<HTMLInputElement>('input[name="search"]');
  if (search) {
    event.preventDefault();
    search.focus();
  }
}

function isCurrent(path: string, section: string): boolean {
  return section === '/' ? path === '/' : path === section || path.startsWith(`${section}/`);
}

function skipToMain(event: Event) {
  // The hash is the router's; moving focus by hand keeps the current view.
  event.preventDefault();
  document.getElementById('main')?.focus();
}
