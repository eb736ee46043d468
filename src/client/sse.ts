/** One message of a server-sent event stream. */
export interface SseMessage {
  event: string;
  data: string;
  id?: string;
}

/**
 * Parses the text/event-stream format (WHATWG HTML, "Server-sent events"): fields per line,
 * a blank line ends a message, `data` lines join with newlines, `:` lines are comments.
 */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  let buffer = "";
  let message: { event?: string; data: string[]; id?: string } = { data: [] };
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith("\r\n", newline) ? 2 : 1));
      if (line === "") {
        if (message.data.length > 0) yield { event: message.event ?? "message", data: message.data.join("\n"), ...(message.id === undefined ? {} : { id: message.id }) };
        message = { data: [] };
        continue;
      }
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "data") message.data.push(value);
      else if (field === "event") message.event = value;
      else if (field === "id") message.id = value;
    }
  }
}
