import { ApiError, apiUrl, readJson, send, sessionLost } from './api';
import type { FilterInput } from './filters';
import type { ExportOptions } from './queries';
import { formatBytes } from './format';

export interface ExportProgress {
  bytes: number;
  /** Lines received so far, when the format is plain text with one row a line; otherwise null. */
  rows: number | null;
  expectedRows: number | null;
}

export interface ExportResult {
  filename: string;
  bytes: number;
  rows: number | null;
  url: string;
  /** Names the export's quality report (GraphQL exportReport). */
  reportId: string | null;
}

interface ExportRequest {
  format: string;
  fileExtension: string;
  filter: FilterInput;
  includeSystemPrompts: boolean;
  options: ExportOptions;
}

/** Streams the export, reporting progress as bytes arrive, and hands back the file as an object URL. */
export async function downloadExport(
  request: ExportRequest,
  onProgress: (progress: ExportProgress) => void,
  signal: AbortSignal,
): Promise<ExportResult> {
  const { format, filter, includeSystemPrompts, options } = request;
  const response = await send(apiUrl('api/export'), { format, filter, includeSystemPrompts, options }, signal);
  if (response.status === 401) {
    throw sessionLost();
  }

  if (!response.ok || !response.body) {
    const body = (await readJson(response)) as { error?: string } | null;
    const reason = body?.error ?? `the dashboard answered ${response.status} ${response.statusText}`.trim();
    throw new ApiError(`Export failed: ${/[.!?]$/.test(reason) ? reason : `${reason}.`}`);
  }

  const expected = Number.parseInt(response.headers.get('X-Export-Rows') ?? '', 10);
  const expectedRows = Number.isFinite(expected) ? expected : null;
  const countLines = request.fileExtension.replace(/^\./, '') === 'jsonl';
  const chunks: Uint8Array[] = [];
  const reader = response.body.getReader();
  let bytes = 0;
  let rows = 0;
  for (;;) {
    const { done, value } = await read(reader, bytes);
    if (done) {
      break;
    }

    chunks.push(value);
    bytes += value.length;
    if (countLines) {
      rows += countNewlines(value);
    }

    onProgress({ bytes, rows: countLines ? rows : null, expectedRows });
  }

  const type = response.headers.get('Content-Type') ?? 'application/octet-stream';
  const filename = filenameFrom(response.headers.get('Content-Disposition')) ?? `llm-intercept-export${request.fileExtension}`;
  const url = URL.createObjectURL(new Blob(chunks as BlobPart[], { type }));
  const reportId = response.headers.get('X-Export-Id');
  return { filename, bytes, rows: countLines ? rows : expectedRows, url, reportId };
}

// The service cuts the connection when an export fails midway, so a broken file is never passed off as whole.
async function read(reader: ReadableStreamDefaultReader<Uint8Array>, received: number) {
  try {
    return await reader.read();
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') {
      throw error;
    }

    throw new ApiError(
      `The export broke off after ${formatBytes(received)}; nothing was saved. The dashboard's log says why.`,
    );
  }
}

export function saveFile(url: string, filename: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
}

function countNewlines(chunk: Uint8Array): number {
  let count = 0;
  for (let index = chunk.indexOf(10); index >= 0; index = chunk.indexOf(10, index + 1)) {
    count++;
  }

  return count;
}

function filenameFrom(disposition: string | null): string | null {
  if (!disposition) {
    return null;
  }

  const encoded = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (encoded) {
    return safeName(decodeURIComponent(encoded[1].trim()));
  }

  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
  return plain ? safeName(plain[1].trim()) : null;
}

function safeName(name: string): string | null {
  const base = name.split(/[\\/]/).pop() ?? '';
  return base && base !== '.' && base !== '..' ? base : null;
}
