import { describe, expect, test } from "vitest";
import type { Parameter, WebhookTrigger, WorkflowTemplate } from "../model/index.js";
import { readWebhookTrigger } from "../spec/index.js";
import { pingPayload, pullRequestPayload, pushPayload, SHA } from "./fixtures/github-deliveries.js";
import type { WebhookRequest } from "./webhook-parameters.js";
import { decideWebhook, type WebhookDecision } from "./webhook-trigger.js";

function template(annotations: Record<string, string>, parameters: Parameter[] = []): WorkflowTemplate {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "WorkflowTemplate",
    metadata: { name: "ci", namespace: "team-a", uid: "u-1", labels: {}, annotations },
    spec: { entrypoint: "main", arguments: { parameters }, templates: [] },
  };
}

function triggerOf(t: WorkflowTemplate): WebhookTrigger {
  const { trigger, problems } = readWebhookTrigger(t.metadata.annotations);
  if (trigger === undefined) throw new Error(`no trigger: ${JSON.stringify(problems)}`);
  return trigger;
}

const github = {
  "baton.dev/webhook": "github",
  "baton.dev/webhook-secret-env": "GITHUB_WEBHOOK_SECRET",
  "baton.dev/webhook-events": "push,pull_request.opened",
  "baton.dev/webhook-branches": "main",
  "baton.dev/webhook-parameters": "revision: body.after\nrepo: body.repository.full_name\n",
};

function delivery(event: string, payload: unknown, headers: Record<string, string> = {}): WebhookRequest {
  return {
    headers: { "x-github-event": event, "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958", ...headers },
    query: {},
    body: JSON.stringify(payload),
  };
}

function decide(t: WorkflowTemplate, request: WebhookRequest): WebhookDecision {
  return decideWebhook(t, triggerOf(t), request);
}

describe("a GitHub trigger", () => {
  test("a push to main submits the template with the commit and repository", () => {
    expect(decide(template(github), delivery("push", pushPayload()))).toEqual<WebhookDecision>({
      type: "Submit",
      workflow: {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "Workflow",
        metadata: {
          name: "",
          generateName: "ci-",
          namespace: "team-a",
          uid: "",
          labels: {
            "baton.dev/webhook": "github",
            "workflows.argoproj.io/workflow-template": "ci",
            "baton.dev/webhook-event": "push",
            "baton.dev/webhook-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958",
          },
          annotations: {},
        },
        spec: {
          entrypoint: "",
          arguments: { parameters: [{ name: "revision", value: SHA.after }, { name: "repo", value: "octocat/Hello-World" }] },
          templates: [],
          workflowTemplateRef: { name: "ci" },
        },
        status: { phase: "", nodes: {} },
      },
    });
  });

  test.each([
    ["a ping", delivery("ping", pingPayload()), "ping: GitHub's test delivery arrived; pings never submit a workflow"],
    ["an event not listed", delivery("issues", { action: "opened" }), 'event "issues" (action "opened") is not one of baton.dev/webhook-events: push, pull_request.opened'],
    ["a branch not listed", delivery("push", pushPayload({ ref: "refs/heads/dev" })), 'branch "dev" does not match baton.dev/webhook-branches: main'],
  ])("%s is ignored, with the reason", (_, request, reason) => {
    expect(decide(template(github), request)).toEqual({ type: "Ignored", reason });
  });

  test("a pull request lacks `after`: the template's default stands in", () => {
    const t = template(github, [{ name: "revision", value: "HEAD" }, { name: "repo" }]);
    const decision = decide(t, delivery("pull_request", pullRequestPayload("opened")));
    expect(decision.type === "Submit" && decision.workflow.spec.arguments.parameters).toEqual([{ name: "repo", value: "octocat/Hello-World" }]);
  });

  test("without a default, a missing value rejects the request, naming every missing parameter", () => {
    const t = template({ ...github, "baton.dev/webhook-parameters": "revision: body.after\nnumber: body.number\nlogin: body.sender.login" });
    expect(decide(t, delivery("push", { ref: "refs/heads/main", sender: {} }))).toEqual({
      type: "Rejected",
      message:
        'parameter "revision": the request has no body.after (no key "after"), and WorkflowTemplate "ci" gives it no default value; ' +
        'parameter "number": the request has no body.number (no key "number"), and WorkflowTemplate "ci" gives it no default value; ' +
        'parameter "login": the request has no body.sender.login (no key "login"), and WorkflowTemplate "ci" gives it no default value',
    });
  });

  test("a request without X-GitHub-Event is rejected", () => {
    const request = { headers: {}, query: {}, body: JSON.stringify(pushPayload()) };
    expect(decide(template(github), request)).toEqual({ type: "Rejected", message: 'a GitHub delivery has an "X-GitHub-Event" header; this request has none' });
  });
});

describe("a generic trigger", () => {
  const generic = {
    "baton.dev/webhook": "generic",
    "baton.dev/webhook-secret-env": "HOOK_SECRET",
    "baton.dev/webhook-parameters": [
      "image: body.image",
      "tags: body.tags",
      "replicas: body.replicas",
      "dry-run: body.dryRun",
      "first-tag: body.tags[0]",
      "caller: headers.X-Caller",
      "ref: query.ref",
    ].join("\n"),
  };

  test("takes values from the body, headers and query, as strings", () => {
    const request: WebhookRequest = {
      headers: { "x-caller": "deploy-bot" },
      query: { ref: "v1.2.3" },
      body: JSON.stringify({ image: "registry/app:1.2.3", tags: ["a", "b"], replicas: 3, dryRun: false }),
    };
    const decision = decide(template(generic), request);
    expect(decision.type === "Submit" && decision.workflow.spec.arguments.parameters).toEqual([
      { name: "image", value: "registry/app:1.2.3" },
      { name: "tags", value: '["a","b"]' },
      { name: "replicas", value: "3" },
      { name: "dry-run", value: "false" },
      { name: "first-tag", value: "a" },
      { name: "caller", value: "deploy-bot" },
      { name: "ref", value: "v1.2.3" },
    ]);
    expect(decision.type === "Submit" && decision.workflow.metadata.labels).toEqual({
      "baton.dev/webhook": "generic",
      "workflows.argoproj.io/workflow-template": "ci",
    });
  });

  test("missing header and query parameter, and a null value, are named", () => {
    const t = template({ ...generic, "baton.dev/webhook-parameters": "caller: headers.X-Caller\nref: query.ref\nimage: body.image" });
    expect(decide(t, { headers: {}, query: {}, body: '{"image": null}' })).toEqual({
      type: "Rejected",
      message:
        'parameter "caller": the request has no headers.X-Caller (no header "x-caller"), and WorkflowTemplate "ci" gives it no default value; ' +
        'parameter "ref": the request has no query.ref (no query parameter "ref"), and WorkflowTemplate "ci" gives it no default value; ' +
        'parameter "image": the request has no body.image (it is null), and WorkflowTemplate "ci" gives it no default value',
    });
  });

  test("ignores X-GitHub-Event: a generic trigger has no filters", () => {
    const t = template({ "baton.dev/webhook": "generic", "baton.dev/webhook-secret-env": "S" });
    expect(decide(t, delivery("issues", {})).type).toBe("Submit");
  });

  test("a body that is not JSON is rejected", () => {
    const decision = decide(template(generic), { headers: {}, query: {}, body: "image=app" });
    expect(decision.type).toBe("Rejected");
    expect(decision.type === "Rejected" && decision.message).toMatch(/^the request body is not JSON: /);
  });
});
