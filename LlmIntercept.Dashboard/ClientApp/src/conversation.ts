import type { RequestDetail } from './queries';

export interface ToolCall {
  id: string | null;
  name: string;
  arguments: string;
  validJson: boolean;
}

export interface ChatMessage {
  role: string;
  name: string | null;
  toolCallId: string | null;
  text: string[];
  reasoning: string | null;
  refusal: string | null;
  toolCalls: ToolCall[];
}

type Json = Record<string, unknown>;

/** The captured conversation (request messages and the reply) as plain values ready to show as text. */
export function readConversation(request: RequestDetail): ChatMessage[] {
  const messages = parseArray(request.messages) ?? fromBodies(request);
  const chat = messages.filter(isObject).map(toMessage);
  const reply = chat.at(-1);
  if (request.reasoning && reply?.role === 'assistant' && !reply.reasoning) {
    reply.reasoning = request.reasoning;
  }

  return chat;
}

function fromBodies(request: RequestDetail): unknown[] {
  const body = parseObject(request.requestBody);
  const messages = Array.isArray(body?.messages) ? [...body.messages] : [];
  const choices = parseArray(request.choices);
  const first = choices?.find(isObject);
  if (first && isObject(first.message)) {
    messages.push(first.message);
  }

  return messages;
}

function toMessage(message: Json): ChatMessage {
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls.filter(isObject).map(toToolCall) : [];
  if (isObject(message.function_call)) {
    calls.push(toToolCall({ function: message.function_call }));
  }

  return {
    role: typeof message.role === 'string' ? message.role : 'unknown',
    name: text(message.name),
    toolCallId: text(message.tool_call_id),
    text: contentText(message.content),
    reasoning: text(message.reasoning_content) ?? text(message.reasoning),
    refusal: text(message.refusal),
    toolCalls: calls,
  };
}

function toToolCall(call: Json): ToolCall {
  const fn = isObject(call.function) ? call.function : {};
  const raw = typeof fn.arguments === 'string' ? fn.arguments : JSON.stringify(fn.arguments ?? null);
  let pretty = raw;
  let validJson = true;
  try {
    pretty = JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    validJson = false;
  }

  return { id: text(call.id), name: text(fn.name) ?? 'unnamed', arguments: pretty, validJson };
}

function contentText(content: unknown): string[] {
  if (typeof content === 'string') {
    return content ? [content] : [];
  }

  if (!Array.isArray(content)) {
    return [];
  }

  return content.filter(isObject).map((part) => {
    if (part.type === 'text' && typeof part.text === 'string') {
      return part.text;
    }

    if (part.type === 'image_url') {
      const image = isObject(part.image_url) ? text(part.image_url.url) : null;
      return `[image] ${image && image.length > 120 ? `${image.slice(0, 120)}…` : (image ?? '')}`;
    }

    return `[${typeof part.type === 'string' ? part.type : 'part'}] ${JSON.stringify(part)}`;
  });
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseArray(json: string | null): unknown[] | null {
  const value = parse(json);
  return Array.isArray(value) ? value : null;
}

function parseObject(json: string | null): Json | null {
  const value = parse(json);
  return isObject(value) ? value : null;
}

function parse(json: string | null): unknown {
  if (!json) {
    return null;
  }

  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
}
