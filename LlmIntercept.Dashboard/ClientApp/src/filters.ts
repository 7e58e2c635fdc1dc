/** The filter bar's state, as it is written in the URL (so a view can be bookmarked and shared). */
export interface Filters {
  range: string;
  from: string;
  to: string;
  model: string;
  search: string;
  state: string;
  stream: string;
  tools: string;
  /** One tag (the URL's `tag`); requests must carry it. */
  tag: string;
  /** '' | 'starred' | 'excluded' | 'included' */
  review: string;
}

export interface FilterInput {
  from?: string;
  to?: string;
  models?: string[];
  search?: string;
  status?: string;
  outcomes?: string[];
  stream?: boolean;
  hasToolCalls?: boolean;
  tags?: string[];
  starred?: boolean;
  excluded?: boolean;
}

export const ranges: Record<string, { label: string; minutes: number }> = {
  '1h': { label: 'Last hour', minutes: 60 },
  '24h': { label: 'Last 24 hours', minutes: 24 * 60 },
  '7d': { label: 'Last 7 days', minutes: 7 * 24 * 60 },
  '30d': { label: 'Last 30 days', minutes: 30 * 24 * 60 },
};

export const outcomes: Record<string, string> = {
  complete: 'Complete',
  refusal: 'Refusal',
  filtered: 'Content filtered',
  truncated: 'Truncated',
  stream_error: 'Stream error',
  upstream_error: 'Upstream error',
  upstream_unreachable: 'Upstream unreachable',
  client_aborted: 'Client aborted',
};

const keys: (keyof Filters)[] = ['range', 'from', 'to', 'model', 'search', 'state', 'stream', 'tools', 'tag', 'review'];
const urlNames: Record<keyof Filters, string> = {
  range: 'range',
  from: 'from',
  to: 'to',
  model: 'model',
  search: 'q',
  state: 'state',
  stream: 'stream',
  tools: 'tools',
  tag: 'tag',
  review: 'review',
};

export function readFilters(params: URLSearchParams): Filters {
  const filters = {} as Filters;
  for (const key of keys) {
    filters[key] = params.get(urlNames[key]) ?? '';
  }

  return filters;
}

/** The URL query for `filters`, keeping the parameters that are not filters (such as the page). */
export function writeFilters(filters: Filters, params = new URLSearchParams()): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of keys) {
    const value = filters[key].trim();
    if (value) {
      next.set(urlNames[key], value);
    } else {
      next.delete(urlNames[key]);
    }
  }

  return next;
}

export function hasFilters(filters: Filters): boolean {
  return keys.some((key) => filters[key] !== '');
}

export function toFilterInput(filters: Filters, now = new Date()): FilterInput {
  const input: FilterInput = {};
  const preset = ranges[filters.range];
  if (preset) {
    input.from = new Date(now.getTime() - preset.minutes * 60_000).toISOString();
  } else {
    input.from = toIso(filters.from);
    input.to = toIso(filters.to);
  }

  if (filters.model) {
    input.models = [filters.model];
  }

  if (filters.search.trim()) {
    input.search = filters.search.trim();
  }

  if (filters.state === 'ok' || filters.state === 'error') {
    input.status = filters.state;
  } else if (filters.state in outcomes) {
    input.outcomes = [filters.state];
  }

  input.stream = toBoolean(filters.stream);
  input.hasToolCalls = toBoolean(filters.tools);
  if (filters.tag.trim()) {
    input.tags = [filters.tag.trim().toLowerCase()];
  }

  if (filters.review === 'starred') {
    input.starred = true;
  } else if (filters.review === 'excluded') {
    input.excluded = true;
  } else if (filters.review === 'included') {
    input.excluded = false;
  }

  return input;
}

function toIso(value: string): string | undefined {
  const date = value ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
}

function toBoolean(value: string): boolean | undefined {
  return value === 'true' ? true : value === 'false' ? false : undefined;
}

/** Short phrases describing the active filters, for the export panel and empty results. */
export function describeFilters(filters: Filters): string[] {
  const parts: string[] = [];
  if (ranges[filters.range]) {
    parts.push(ranges[filters.range].label);
  }

  if (filters.from) {
    parts.push(`from ${new Date(filters.from).toLocaleString()}`);
  }

  if (filters.to) {
    parts.push(`until ${new Date(filters.to).toLocaleString()}`);
  }

  if (filters.model) {
    parts.push(`model ${filters.model}`);
  }

  if (filters.search.trim()) {
    parts.push(`text “${filters.search.trim()}”`);
  }

  if (filters.state) {
    parts.push(filters.state === 'ok' ? 'succeeded' : filters.state === 'error' ? 'failed' : outcomes[filters.state] ?? filters.state);
  }

  if (filters.stream) {
    parts.push(filters.stream === 'true' ? 'streamed' : 'not streamed');
  }

  if (filters.tools) {
    parts.push(filters.tools === 'true' ? 'with tool calls' : 'without tool calls');
  }

  if (filters.tag.trim()) {
    parts.push(`tag ${filters.tag.trim().toLowerCase()}`);
  }

  if (reviews[filters.review]) {
    parts.push(reviews[filters.review].toLowerCase());
  }

  return parts;
}

export const reviews: Record<string, string> = {
  starred: 'Starred',
  excluded: 'Excluded',
  included: 'Not excluded',
};

export const noFilters: Filters = {
  range: '',
  from: '',
  to: '',
  model: '',
  search: '',
  state: '',
  stream: '',
  tools: '',
  tag: '',
  review: '',
};
