import type { Clock, Executor, Store } from "../model/index.js";
import type { Runtime } from "../runtime/index.js";
import type { WebhookSecrets } from "./webhook-secrets.js";

/** What every route needs: the engine's runtime, the store it commits to, where logs are. */
export interface ServerContext {
  home: string;
  store: Store;
  executor: Executor;
  runtime: Runtime;
  clock: Clock;
  /** The bearer token every route but health (and signed webhooks) requires. */
  token: string;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  secrets: WebhookSecrets;
}
