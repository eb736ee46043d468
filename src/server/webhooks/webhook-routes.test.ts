import { createHmac } from "node:crypto";
import { sign } from "@octokit/webhooks-methods";
import { describe, expect, test } from "vitest";
import type { WebhookTrigger, Workflow, WorkflowTemplate } from "../../model/index.js";
import { pingPayload, pullRequestPayload, pushPayload, SHA } from "../../schedules/fixtures/github-deliveries.js";
import { ApiError } from "../errors.js";
import { WEBHOOK_BODY_LIMIT, webhookRoutes, type WebhookDeps } from "./index.js";

const SECRET = "It's a Secret to Everybody";

function template(name: string, annotations: Record<string, string>): WorkflowTemplate {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "WorkflowTemplate",
    metadata: { name, namespace: "default", uid: `uid-${name}`, labels: {}, annotations },
    spec: { entrypoint: "main", arguments: { parameters: [] }, templates: [] },
  };
}

const templates = [
  template("github-ci", {
    "baton.dev/webhook": "github",
    "baton.dev/webhook-secret-env": "GITHUB_WEBHOOK_SECRET",
    "baton.dev/webhook-events": "push,pull_request.opened",
    "baton.dev/webhook-branches": "main,release/*",
    "baton.dev/webhook-parameters": "revision: body.after\nrepo: body.repository.full_name\n",
  }),
  template("deploy", {
    "baton.dev/webhook": "generic",
    "baton.dev/webhook-secret-file": "/etc/baton/deploy-secret",
    "baton.dev/webhook-parameters": "image: body.image\nenvironment: query.environment\n",
  }),
  template("unset-secret", { "baton.dev/webhook": "generic", "baton.dev/webhook-secret-env": "NOT_SET" }),
  template("plain", {}),
];

/** Fake deps that record what was submitted; the secrets are those the server's environment would hold. */
function harness(options: { submit?: (w: Workflow) => Promise<{ name: string; uid: string }> } = {}) {
  const submitted: Workflow[] = [];
  const deps: WebhookDeps = {
    findTemplate: (namespace, name) => Promise.resolve(templates.find((t) => t.metadata.namespace === namespace && t.metadata.name === name)),
    submit: async (workflow) => {
      submitted.push(workflow);
      return options.submit ? options.submit(workflow) : { name: `${workflow.metadata.generateName}x7k2p`, uid: "uid-1" };
    },
    secret: (trigger: WebhookTrigger) => ("env" in trigger.secret ? { GITHUB_WEBHOOK_SECRET: SECRET }[trigger.secret.env] : SECRET),
  };
  return { app: webhookRoutes(deps), submitted };
}

interface Delivery {
  template?: string;
  event?: string;
  payload?: unknown;
  body?: string;
  signature?: string | null;
  secret?: string;
  headers?: Record<string, string>;
  query?: string;
}

/** A POST as GitHub sends it: JSON body, event and delivery headers, signed with the secret unless told otherwise. */
async function post(app: ReturnType<typeof harness>["app"], d: Delivery) {
  const body = d.body ?? JSON.stringify(d.payload ?? {});
  const signature = d.signature === undefined ? await sign(d.secret ?? SECRET, body) : d.signature;
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "GitHub-Hookshot/044aadd", ...d.headers };
  if (d.event !== undefined) Object.assign(headers, { "x-github-event": d.event, "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958" });
  if (signature !== null) headers["x-hub-signature-256"] = signature;
  const response = await app.request(`/namespaces/default/webhooks/${d.template ?? "github-ci"}${d.query ?? ""}`, { method: "POST", headers, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("a signed GitHub push", () => {
  test("submits exactly one workflow with the commit and repository, and answers 202 with its name", async () => {
    const { app, submitted } = harness();
    const response = await post(app, { event: "push", payload: pushPayload() });
    expect(response).toEqual({
      status: 202,
      body: { message: "submitted Workflow/default/github-ci-x7k2p from WorkflowTemplate/default/github-ci", namespace: "default", name: "github-ci-x7k2p", uid: "uid-1" },
    });
    expect(submitted).toHaveLength(1);
    expect(submitted[0]!.metadata).toMatchObject({
      generateName: "github-ci-",
      namespace: "default",
      labels: { "baton.dev/webhook-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958", "baton.dev/webhook-event": "push" },
    });
    expect(submitted[0]!.spec.workflowTemplateRef).toEqual({ name: "github-ci" });
    expect(submitted[0]!.spec.arguments.parameters).toEqual([
      { name: "revision", value: SHA.after },
      { name: "repo", value: "octocat/Hello-World" },
    ]);
  });

  test("GitHub's form-encoded content type works too: the JSON is the payload field", async () => {
    const { app, submitted } = harness();
    const body = new URLSearchParams({ payload: JSON.stringify(pushPayload()) }).toString();
    const response = await post(app, { event: "push", body, headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(response.status).toBe(202);
    expect(submitted[0]!.spec.arguments.parameters[0]).toEqual({ name: "revision", value: SHA.after });
  });
});

describe("a request whose signature does not hold changes nothing and gets 401", () => {
  test.each([
    { name: "no signature", delivery: { signature: null }, message: "missing X-Hub-Signature-256 header: sign the body with the webhook's secret (sha256=<hex HMAC-SHA256>); nothing was changed" },
    { name: "another secret", delivery: { secret: "guessed" }, message: "X-Hub-Signature-256 does not match the body under the webhook's secret; nothing was changed" },
    { name: "a malformed header", delivery: { signature: "not-a-signature" }, message: "X-Hub-Signature-256 does not match the body under the webhook's secret; nothing was changed" },
    { name: "the SHA-1 header's format", delivery: { signature: "sha1=7d38cdd689735b008b3c702edd92eea23791c5f6" }, message: "X-Hub-Signature-256 does not match the body under the webhook's secret; nothing was changed" },
  ])("$name", async ({ delivery, message }) => {
    const { app, submitted } = harness();
    const response = await post(app, { event: "push", payload: pushPayload(), ...delivery });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ kind: "Status", reason: "Unauthorized", message });
    expect(submitted).toEqual([]);
  });

  test("a body changed after signing", async () => {
    const { app, submitted } = harness();
    const signed = JSON.stringify(pushPayload());
    const signature = await sign(SECRET, signed);
    const forged = JSON.stringify(pushPayload({ after: "ffffffffffffffffffffffffffffffffffffffff" }));
    expect((await post(app, { event: "push", body: forged, signature })).status).toBe(401);
    expect(submitted).toEqual([]);
  });
});

describe("filtered deliveries are answered 200 with the reason, and submit nothing", () => {
  test.each([
    ["a ping", "ping", pingPayload(), "ping: GitHub's test delivery arrived; pings never submit a workflow"],
    ["an event not listed", "issues", { action: "opened", issue: { number: 1 } }, 'event "issues" (action "opened") is not one of baton.dev/webhook-events: push, pull_request.opened'],
    ["an action not listed", "pull_request", pullRequestPayload("closed"), 'event "pull_request" (action "closed") is not one of baton.dev/webhook-events: push, pull_request.opened'],
    ["a branch not listed", "push", pushPayload({ ref: "refs/heads/feature/login" }), 'branch "feature/login" does not match baton.dev/webhook-branches: main, release/*'],
    ["a pull request into another base", "pull_request", pullRequestPayload("opened", "develop"), 'branch "develop" does not match baton.dev/webhook-branches: main, release/*'],
  ])("%s", async (_, event, payload, reason) => {
    const { app, submitted } = harness();
    expect(await post(app, { event, payload })).toEqual({ status: 200, body: { message: `ignored: ${reason}`, ignored: reason } });
    expect(submitted).toEqual([]);
  });

  test("a ping with a bad signature is still 401", async () => {
    const { app } = harness();
    expect((await post(app, { event: "ping", payload: pingPayload(), secret: "wrong" })).status).toBe(401);
  });
});

describe("requests that cannot make a workflow", () => {
  test.each([
    {
      name: "a missing parameter",
      delivery: { event: "push", payload: { ref: "refs/heads/main", repository: { full_name: "octocat/Hello-World" } } },
      status: 400,
      message: 'parameter "revision": the request has no body.after (no key "after"), and WorkflowTemplate "github-ci" gives it no default value; nothing was changed',
    },
    { name: "a body that is not JSON", delivery: { event: "push", body: "ref=main" }, status: 400, message: /^the request body is not JSON: .*; nothing was changed$/ },
    { name: "an empty body", delivery: { event: "push", body: "", signature: "sha256=00" }, status: 400, message: "the request body is empty: a webhook delivery is a JSON document ('{}' at least)" },
    { name: "no X-GitHub-Event", delivery: { payload: pushPayload() }, status: 400, message: 'a GitHub delivery has an "X-GitHub-Event" header; this request has none; nothing was changed' },
    { name: "an unknown template", delivery: { template: "nope", event: "push" }, status: 404, message: "WorkflowTemplate/default/nope not found" },
    { name: "a template without a webhook", delivery: { template: "plain", event: "push" }, status: 404, message: "WorkflowTemplate/default/plain takes no webhook: it has no baton.dev/webhook annotation" },
    {
      name: "a secret the server does not have",
      delivery: { template: "unset-secret" },
      status: 500,
      message: "the webhook of WorkflowTemplate/default/unset-secret has no secret on this server (environment variable NOT_SET is not set or empty); nothing was changed",
    },
  ])("$name: $status", async ({ delivery, status, message }) => {
    const { app, submitted } = harness();
    const response = await post(app, delivery);
    expect(response.status).toBe(status);
    expect(response.body["message"]).toEqual(typeof message === "string" ? message : expect.stringMatching(message));
    expect(submitted).toEqual([]);
  });

  test("a body over 1 MiB: 413, read no further", async () => {
    const { app, submitted } = harness();
    const body = JSON.stringify({ padding: "x".repeat(WEBHOOK_BODY_LIMIT) });
    const response = await post(app, { event: "push", body });
    expect(response).toMatchObject({ status: 413, body: { reason: "RequestEntityTooLarge" } });
    expect(submitted).toEqual([]);
  });

  test("a workflow the server finds invalid: its ApiError's status and diagnostics pass through", async () => {
    const invalid = new ApiError(422, "1 error: nothing was changed\nwebhook:default/github-ci:1:1 spec.arguments.parameters: …", { diagnostics: [] });
    const { app } = harness({ submit: () => Promise.reject(invalid) });
    const response = await post(app, { event: "push", payload: pushPayload() });
    expect(response).toMatchObject({ status: 422, body: { reason: "Invalid", message: invalid.message, details: { diagnostics: [] } } });
  });
});

describe("a generic webhook", () => {
  test("signed as curl and openssl would sign it, takes values from the body and query", async () => {
    const { app, submitted } = harness();
    const body = '{"image": "registry.example.com/app:1.4.2"}';
    // printf '%s' "$body" | openssl dgst -sha256 -hmac "$SECRET" → the same hex digest
    const signature = `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;
    const response = await post(app, { template: "deploy", body, signature, query: "?environment=staging" });
    expect(response.status).toBe(202);
    expect(submitted[0]!.spec.arguments.parameters).toEqual([
      { name: "image", value: "registry.example.com/app:1.4.2" },
      { name: "environment", value: "staging" },
    ]);
    expect(submitted[0]!.metadata.labels).toEqual({ "baton.dev/webhook": "generic", "workflows.argoproj.io/workflow-template": "deploy" });
  });
});
