import { graphql } from './api';
import type { FilterInput } from './filters';

export interface RequestSummary {
  id: number;
  timestamp: string;
  model: string | null;
  status: string;
  outcome: string;
  statusCode: number | null;
  responseTimeMs: number;
  stream: boolean;
  hasToolCalls: boolean;
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
  preview: string | null;
  tags: string[];
  starred: boolean;
  excluded: boolean;
}

export interface RequestPage {
  items: RequestSummary[];
  totalCount: number;
  page: number;
  pageSize: number;
}

export interface RequestDetail extends RequestSummary {
  messages: string | null;
  choices: string | null;
  tools: string | null;
  toolChoice: string | null;
  toolCalls: string | null;
  reasoning: string | null;
  finishReason: string | null;
  requestBody: string | null;
  response: string | null;
  responseBody: string | null;
  usage: string | null;
  error: string | null;
  streamMetadata: string | null;
  responseHeaders: string | null;
  timeToFirstByteMs: number | null;
  responseId: string | null;
  responseModel: string | null;
  doneReceived: boolean | null;
  keepAliveCount: number;
  temperature: number | null;
  maxTokens: number | null;
  topP: number | null;
  frequencyPenalty: number | null;
  presencePenalty: number | null;
  apiKeyHash: string | null;
  upstreamUrl: string | null;
  sessionId: string | null;
  toolArgumentsValid: boolean;
}

export interface Stats {
  totalRequests: number;
  uniqueModels: number;
  errorRate: number;
  avgResponseTimeMs: number | null;
  p50ResponseTimeMs: number | null;
  p95ResponseTimeMs: number | null;
  /** True when p50/p95 were interpolated in the roll-up's histogram (large selections). */
  percentilesApproximate: boolean;
  promptTokens: number;
  completionTokens: number;
  perModel: {
    model: string;
    count: number;
    errorCount: number;
    promptTokens: number;
    completionTokens: number;
    avgResponseTimeMs: number | null;
  }[];
  timeline: { start: string; model: string; count: number }[];
  latencyHistogram: { upperMs: number | null; count: number }[];
  bucketMinutes: number;
}

export interface ExportFormat {
  format: string;
  displayName: string;
  fileExtension: string;
}

const summaryFields = `id timestamp model status outcome statusCode responseTimeMs stream hasToolCalls
  promptTokens completionTokens totalTokens preview tags starred excluded`;

export async function fetchRequests(filter: FilterInput, page: number, pageSize: number): Promise<RequestPage> {
  const data = await graphql<{ requests: RequestPage }>(
    `query Requests($filter: RequestFilterInput, $page: Int, $pageSize: Int) {
      requests(filter: $filter, page: $page, pageSize: $pageSize) { totalCount page pageSize items { ${summaryFields} } }
    }`,
    { filter, page, pageSize },
  );
  return data.requests;
}

export async function fetchRequest(id: number): Promise<RequestDetail | null> {
  const data = await graphql<{ request: RequestDetail | null }>(
    `query Request($id: Long!) {
      request(id: $id) {
        ${summaryFields}
        messages choices tools toolChoice toolCalls reasoning finishReason requestBody response responseBody
        usage error streamMetadata responseHeaders timeToFirstByteMs responseId responseModel doneReceived
        keepAliveCount temperature maxTokens topP frequencyPenalty presencePenalty apiKeyHash upstreamUrl
        sessionId toolArgumentsValid
      }
    }`,
    { id },
  );
  return data.request;
}

export async function fetchStats(filter: FilterInput): Promise<Stats> {
  const data = await graphql<{ stats: Stats }>(
    `query Stats($filter: RequestFilterInput) {
      stats(filter: $filter) {
        totalRequests uniqueModels errorRate avgResponseTimeMs p50ResponseTimeMs p95ResponseTimeMs
        percentilesApproximate promptTokens completionTokens bucketMinutes
        perModel { model count errorCount promptTokens completionTokens avgResponseTimeMs }
        timeline { start model count }
        latencyHistogram { upperMs count }
      }
    }`,
    { filter },
  );
  return data.stats;
}

export async function fetchModels(): Promise<string[]> {
  const data = await graphql<{ models: string[] }>('query Models { models }');
  return data.models;
}

export async function fetchExportFormats(): Promise<ExportFormat[]> {
  const data = await graphql<{ exportFormats: ExportFormat[] }>(
    'query ExportFormats { exportFormats { format displayName fileExtension } }',
  );
  return data.exportFormats;
}

/** How many rows an export would write: a count over every matching row, which takes seconds on a big store. */
export async function fetchExportCount(filter: FilterInput, includeSystemPrompts: boolean): Promise<number> {
  const data = await graphql<{ exportCount: number }>(
    `query ExportCount($filter: RequestFilterInput, $system: Boolean) {
      exportCount(filter: $filter, includeSystemPrompts: $system)
    }`,
    { filter, system: includeSystemPrompts },
  );
  return data.exportCount;
}

/** Which requests a review action changes: these ids, or every request the filter selects. */
export type ReviewTarget = { ids: number[] } | { filter: FilterInput };

export type ReviewAction =
  | { kind: 'setExcluded'; value: boolean }
  | { kind: 'setStarred'; value: boolean }
  | { kind: 'addTag'; tag: string }
  | { kind: 'removeTag'; tag: string };

/** Runs one review action; answers how many requests changed. */
export async function review(target: ReviewTarget, action: ReviewAction): Promise<number> {
  const argument =
    action.kind === 'setExcluded' ? 'excluded: $value' : action.kind === 'setStarred' ? 'starred: $value' : 'tag: $tag';
  const variable = action.kind === 'setExcluded' || action.kind === 'setStarred' ? '$value: Boolean!' : '$tag: String!';
  const data = await graphql<Record<string, number>>(
    `mutation Review($ids: [Long!], $filter: RequestFilterInput, ${variable}) {
      changed: ${action.kind}(ids: $ids, filter: $filter, ${argument})
    }`,
    {
      ...target,
      ...('value' in action ? { value: action.value } : { tag: action.tag }),
    },
  );
  return data.changed;
}

export interface NamedCount {
  name: string;
  count: number;
}

export interface ExportReport {
  rowsRead: number;
  rowsWritten: number;
  duplicatesRemoved: number;
  trainRows: number | null;
  validationRows: number | null;
  skipped: NamedCount[];
  redactions: NamedCount[];
  rowsPerModel: NamedCount[];
  rowsPerTag: NamedCount[];
  tokenLengths: { count: number; min: number; max: number; mean: number; buckets: { upperTokens: number | null; count: number }[] };
}

export interface ExportOptions {
  dedup: boolean;
  dedupPrompts: boolean;
  validationRatio: number | null;
  redact: boolean;
  flavour: string;
  minTokens: number | null;
  maxTokens: number | null;
}

const reportFields = `rowsRead rowsWritten duplicatesRemoved trainRows validationRows
  skipped { name count } redactions { name count } rowsPerModel { name count } rowsPerTag { name count }
  tokenLengths { count min max mean buckets { upperTokens count } }`;

export async function fetchExportPreview(
  filter: FilterInput,
  includeSystemPrompts: boolean,
  options: ExportOptions,
): Promise<ExportReport> {
  const data = await graphql<{ exportPreview: ExportReport }>(
    `query ExportPreview($filter: RequestFilterInput, $system: Boolean, $options: ExportOptionsInput) {
      exportPreview(filter: $filter, includeSystemPrompts: $system, options: $options) { ${reportFields} }
    }`,
    { filter, system: includeSystemPrompts, options },
  );
  return data.exportPreview;
}

export async function fetchExportReport(id: string): Promise<ExportReport | null> {
  const data = await graphql<{ exportReport: ExportReport | null }>(
    `query ExportReport($id: String!) { exportReport(id: $id) { ${reportFields} } }`,
    { id },
  );
  return data.exportReport;
}

export async function pruneRequests(
  olderThanDays: number,
  keepTagged: boolean,
  keepStarred: boolean,
): Promise<{ deleted: number; vacuumed: boolean }> {
  const data = await graphql<{ pruneRequests: { deleted: number; vacuumed: boolean } }>(
    `mutation Prune($days: Int!, $keepTagged: Boolean, $keepStarred: Boolean) {
      pruneRequests(olderThanDays: $days, keepTagged: $keepTagged, keepStarred: $keepStarred) { deleted vacuumed }
    }`,
    { days: olderThanDays, keepTagged, keepStarred },
  );
  return data.pruneRequests;
}
