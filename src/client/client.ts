import type { ClusterEvent, Resource } from "../model/index.js";
import { readSse } from "./sse.js";

export interface ClientOptions {
  /** The server's address, e.g. http://127.0.0.1:8470 */
  url: string;
  token: string;
}

/** A request the server refused, with Kubernetes' Status fields. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export type SubmitAction = "created" | "configured" | "unchanged";
export interface SubmittedItem {
  kind: string;
  namespace: string;
  name: string;
  uid: string;
  action: SubmitAction;
}

export interface WatchEvent {
  type: "ADDED" | "MODIFIED" | "DELETED";
  object: Resource & { kind: string };
  workflow?: string;
  /** The engine's record, when asked for with `entries` (its shape is the engine's, not a stable API). */
  entry?: unknown;
}

/** A line (or part of one) a container wrote, or the end of a container: its last partial line is complete. */
export interface OutputMessage {
  event: "output" | "exited";
  data: { podUid: string; container: string; attempt: number; stream?: "stdout" | "stderr"; data?: string };
}

export type WorkflowVerb = "suspend" | "resume" | "stop" | "terminate" | "retry" | "resubmit";

/** The typed client of Baton's HTTP API: the CLI and the TypeScript API use it alike. */
export class BatonClient {
  constructor(private readonly options: ClientOptions) {}

  get url(): string {
    return this.options.url;
  }

  private async call(method: string, path: string, body?: unknown, query: Record<string, string | undefined> = {}): Promise<Response> {
    const url = new URL(`/api/v1${path}`, this.options.url);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${this.options.token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (cause) {
      throw new Error(`cannot reach the baton server at ${this.options.url}: ${(cause as Error).cause instanceof Error ? ((cause as Error).cause as Error).message : (cause as Error).message}`, { cause });
    }
    if (response.ok) return response;
    const text = await response.text();
    let status: { message?: string; reason?: string; details?: unknown } = {};
    try {
      status = JSON.parse(text) as typeof status;
    } catch {
      status = { message: text };
    }
    throw new ApiError(response.status, status.message ?? `${response.status} ${response.statusText}`, status.reason ?? "Unknown", status.details);
  }

  private async json<T>(method: string, path: string, body?: unknown, query?: Record<string, string | undefined>): Promise<T> {
    return (await (await this.call(method, path, body, query)).json()) as T;
  }

  /** Validates and creates (`create`) or creates-or-updates (`apply`) the resources of the files. */
  async submit(files: { file: string; text: string }[], mode: "apply" | "create" | "run", parameters: Record<string, string> = {}): Promise<SubmittedItem[]> {
    return (await this.json<{ items: SubmittedItem[] }>("POST", "/submissions", { files, mode, parameters })).items;
  }

  async list(plural: string, options: { namespace?: string; all?: boolean } = {}): Promise<Resource[]> {
    const path = options.namespace === undefined ? `/${plural}` : `/namespaces/${enc(options.namespace)}/${plural}`;
    return (await this.json<{ items: Resource[] }>("GET", path, undefined, { all: options.all ? "true" : undefined })).items;
  }

  async get(plural: string, namespace: string, name: string): Promise<Resource> {
    return this.json("GET", `/namespaces/${enc(namespace)}/${plural}/${enc(name)}`);
  }

  async delete(plural: string, namespace: string, name: string): Promise<void> {
    await this.call("DELETE", `/namespaces/${enc(namespace)}/${plural}/${enc(name)}`);
  }

  /** suspend/resume of Jobs, CronJobs and CronWorkflows; Argo's commands on workflows. */
  async command(plural: string, namespace: string, name: string, verb: WorkflowVerb, body: { node?: string; message?: string } = {}): Promise<{ name: string; uid: string }> {
    return this.json("PUT", `/namespaces/${enc(namespace)}/${plural}/${enc(name)}/${verb}`, body);
  }

  /** A container's log as it is written; with `follow`, until the container ends. */
  async logs(namespace: string, pod: string, options: { container?: string; follow?: boolean; previous?: boolean } = {}): Promise<ReadableStream<Uint8Array>> {
    const response = await this.call("GET", `/namespaces/${enc(namespace)}/pods/${enc(pod)}/log`, undefined, {
      container: options.container,
      follow: options.follow ? "true" : undefined,
      previous: options.previous ? "true" : undefined,
    });
    return response.body!;
  }

  async events(filter: { namespace?: string; kind?: string; name?: string } = {}): Promise<(ClusterEvent & { id: number })[]> {
    return (await this.json<{ items: (ClusterEvent & { id: number })[] }>("GET", "/events", undefined, filter)).items;
  }

  /** Live events; with `after`, first every event recorded after that id. */
  async *watchEvents(filter: { namespace?: string; kind?: string; name?: string; after?: number } = {}, signal?: AbortSignal): AsyncGenerator<ClusterEvent & { id: number }> {
    const response = await this.stream("/events", { ...filter, after: filter.after?.toString(), watch: "true" }, signal);
    for await (const m of readSse(response.body!)) if (m.event === "event") yield { ...(JSON.parse(m.data) as ClusterEvent), id: Number(m.id) };
  }

  /** Changes of objects: ADDED for what exists (of the listed kinds), then MODIFIED/DELETED; `synced` once listed. */
  async *watch(filter: { kinds?: string[]; namespace?: string; owners?: string[]; entries?: boolean }, signal?: AbortSignal): AsyncGenerator<WatchEvent | { type: "SYNCED" }> {
    const response = await this.stream("/watch", {
      kinds: filter.kinds?.join(","),
      namespace: filter.namespace,
      owners: filter.owners?.join(","),
      entries: filter.entries ? "true" : undefined,
    }, signal);
    for await (const m of readSse(response.body!)) {
      if (m.event === "watch") yield JSON.parse(m.data) as WatchEvent;
      else if (m.event === "synced") yield { type: "SYNCED" };
    }
  }

  private async stream(path: string, query: Record<string, string | undefined>, signal?: AbortSignal): Promise<Response> {
    const url = new URL(`/api/v1${path}`, this.options.url);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
    const response = await fetch(url, { headers: { authorization: `Bearer ${this.options.token}`, accept: "text/event-stream" }, ...(signal ? { signal } : {}) });
    if (!response.ok) throw new ApiError(response.status, (await response.text()) || response.statusText, "Unknown");
    return response;
  }

  /**
   * Live container output of the pods the given resources own (every pod's without owners), and
   * container ends; the first message, `synced`, says the stream is listening.
   */
  async *output(owners: string[], signal?: AbortSignal): AsyncGenerator<OutputMessage | { event: "synced" }> {
    const response = await this.stream("/output", { owners: owners.join(",") }, signal);
    for await (const m of readSse(response.body!)) {
      if (m.event === "output" || m.event === "exited") yield { event: m.event, data: JSON.parse(m.data) as OutputMessage["data"] };
      else if (m.event === "synced") yield { event: "synced" };
    }
  }

  async health(): Promise<{ status: string; message?: string }> {
    const response = await fetch(new URL("/healthz", this.options.url));
    return (await response.json()) as { status: string; message?: string };
  }
}

const enc = encodeURIComponent;
