/**
 * A WorkflowTemplate that can be triggered by an HTTP request, as its `baton.dev/webhook*` annotations
 * declare it (spec reads and validates them; schedules decides what a request does; the server serves it).
 */

export const WebhookFlavour = {
  /** GitHub's deliveries: `X-GitHub-Event`, event and branch filters, `ping` answered. */
  GitHub: "github",
  /** Any JSON POST signed the same way (`X-Hub-Signature-256`), e.g. by curl and openssl. */
  Generic: "generic",
} as const;
export type WebhookFlavour = (typeof WebhookFlavour)[keyof typeof WebhookFlavour];

export const WebhookSource = {
  Body: "body",
  Headers: "headers",
  Query: "query",
} as const;
export type WebhookSource = (typeof WebhookSource)[keyof typeof WebhookSource];

/** One workflow argument and where in the request its value is. */
export interface WebhookParameter {
  name: string;
  from: WebhookSource;
  /** body: a JSONPath into the JSON body (`$.repository.full_name`); headers: a lowercase header name; query: a query parameter's name. */
  path: string;
  /** As the annotation writes it (`body.repository.full_name`), for messages. */
  expression: string;
}

/** Where the server finds the shared secret: an environment variable, or a file that holds it (surrounding blanks and newlines dropped). */
export type WebhookSecretSource = { env: string } | { file: string };

export interface WebhookTrigger {
  flavour: WebhookFlavour;
  secret: WebhookSecretSource;
  /** GitHub only: event names (`push`) or an event and action (`pull_request.opened`); empty: every event. */
  events: string[];
  /** GitHub only: branch-name patterns (`main`, `release/*`, `feature/**`); empty: every branch. */
  branches: string[];
  parameters: WebhookParameter[];
}
