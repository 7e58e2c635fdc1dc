import type { ChatMessage, ToolCall } from '../conversation';

const roleLabels: Record<string, string> = {
  system: 'System',
  developer: 'Developer',
  user: 'User',
  assistant: 'Assistant',
  tool: 'Tool result',
  function: 'Function result',
};

/** Captured text is untrusted: every piece is a text node, never markup. */
export function Conversation({ messages }: { messages: ChatMessage[] }) {
  if (messages.length === 0) {
    return <p class="muted">No messages were captured for this request.</p>;
  }

  return (
    <ol class="chat" aria-label="Conversation">
      {messages.map((message, index) => (
        <li key={index} class={`bubble role-${roleClass(message.role)}`}>
          <div class="bubble-head">
            <span class="role">{roleLabels[message.role] ?? message.role}</span>
            {message.name ? <span class="muted">{message.name}</span> : null}
            {message.toolCallId ? <code class="muted">{message.toolCallId}</code> : null}
          </div>
          {message.reasoning ? (
            <details class="reasoning">
              <summary>Reasoning</summary>
              <p class="text">{message.reasoning}</p>
            </details>
          ) : null}
          {message.text.map((text, part) => (
            <p key={part} class="text">
              {text}
            </p>
          ))}
          {message.refusal ? <p class="text refusal">Refused: {message.refusal}</p> : null}
          {message.toolCalls.map((call, position) => (
            <ToolCallCard key={call.id ?? position} call={call} />
          ))}
        </li>
      ))}
    </ol>
  );
}

function ToolCallCard({ call }: { call: ToolCall }) {
  return (
    <section class="tool-call" aria-label={`Tool call ${call.name}`}>
      <div class="tool-call-head">
        <span class="tool-label">Tool call</span>
        <code class="tool-name">{call.name}</code>
        {call.id ? <code class="muted">{call.id}</code> : null}
        {call.validJson ? null : <span class="badge error">arguments are not valid JSON</span>}
      </div>
      <pre class="code tool-args">{call.arguments}</pre>
    </section>
  );
}

function roleClass(role: string): string {
  return role in roleLabels ? role : 'other';
}
