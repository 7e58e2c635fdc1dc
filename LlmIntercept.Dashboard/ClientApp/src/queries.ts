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
  tags: string[];
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
  promptTokens completionTokens totalTokens preview`;

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
        keepAliveCount temperature maxTokens topP frequencyPenalty presencePenalty apiKeyHash upstreamUrl tags
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
        promptTokens completionTokens bucketMinutes
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

export async function fetchExportOptions(
  filter: FilterInput,
  includeSystemPrompts: boolean,
): Promise<{ formats: ExportFormat[]; count: number }> {
  const data = await graphql<{ exportFormats: ExportFormat[]; exportCount: number }>(
    `query ExportOptions($filter: RequestFilterInput, $system: Boolean) {
      exportFormats { format displayName fileExtension }
      exportCount(filter: $filter, includeSystemPrompts: $system)
    }`,
    { filter, system: includeSystemPrompts },
  );
  return { formats: data.exportFormats, count: data.exportCount };
}
