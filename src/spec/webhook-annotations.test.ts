import { describe, expect, test } from "vitest";
import type { WebhookTrigger } from "../model/index.js";
import { formatDiagnostic, loadManifests, readWebhookTrigger } from "./index.js";

const base = { "baton.dev/webhook": "github", "baton.dev/webhook-secret-env": "GITHUB_WEBHOOK_SECRET" };

describe("readWebhookTrigger", () => {
  test("reads a full GitHub declaration", () => {
    const { trigger, problems } = readWebhookTrigger({
      ...base,
      "baton.dev/webhook-events": "push, pull_request.opened",
      "baton.dev/webhook-branches": "main,release/*",
      "baton.dev/webhook-parameters": "revision: body.after\nrepo: body.repository.full_name\nevent: headers.X-GitHub-Event\n",
    });
    expect(problems).toEqual([]);
    expect(trigger).toEqual<WebhookTrigger>({
      flavour: "github",
      secret: { env: "GITHUB_WEBHOOK_SECRET" },
      events: ["push", "pull_request.opened"],
      branches: ["main", "release/*"],
      parameters: [
        { name: "revision", from: "body", path: "$.after", expression: "body.after" },
        { name: "repo", from: "body", path: "$.repository.full_name", expression: "body.repository.full_name" },
        { name: "event", from: "headers", path: "x-github-event", expression: "headers.X-GitHub-Event" },
      ],
    });
  });

  test.each([
    ["body", { from: "body", path: "$" }],
    ["body.commits[0].id", { from: "body", path: "$.commits[0].id" }],
    ["body.commits[*].id", { from: "body", path: "$.commits[*].id" }],
    ["body['my key'].x", { from: "body", path: "$['my key'].x" }],
    ["headers['X-Request-Id']", { from: "headers", path: "x-request-id" }],
    ["query.ref", { from: "query", path: "ref" }],
    ["query['Mixed.Case']", { from: "query", path: "Mixed.Case" }],
  ])("source %s", (expression, expected) => {
    const { trigger } = readWebhookTrigger({ ...base, "baton.dev/webhook-parameters": `p: ${JSON.stringify(expression)}` });
    expect(trigger?.parameters).toEqual([{ name: "p", expression, ...expected }]);
  });

  test("a generic webhook with a secret file and no parameters", () => {
    const { trigger } = readWebhookTrigger({ "baton.dev/webhook": "generic", "baton.dev/webhook-secret-file": "/etc/baton/hook-secret" });
    expect(trigger).toEqual({ flavour: "generic", secret: { file: "/etc/baton/hook-secret" }, events: [], branches: [], parameters: [] });
  });

  test("no baton.dev/webhook: no trigger, and its companions are flagged", () => {
    expect(readWebhookTrigger({})).toEqual({ problems: [] });
    expect(readWebhookTrigger({ "baton.dev/webhook-events": "push" })).toEqual({
      problems: [{ annotation: "baton.dev/webhook-events", severity: "warning", message: 'has no effect without "baton.dev/webhook"' }],
    });
  });
});

/** What `baton lint` shows for a WorkflowTemplate with these annotations, one line each. */
function lint(annotations: Record<string, string>): string[] {
  const lines = Object.entries(annotations).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`);
  const text = [
    "apiVersion: argoproj.io/v1alpha1",
    "kind: WorkflowTemplate",
    "metadata:",
    "  name: ci",
    "  annotations:",
    ...lines,
    "spec:",
    "  entrypoint: main",
    "  templates:",
    "  - name: main",
    "    container: {image: busybox, command: [\"true\"]}",
  ].join("\n");
  return loadManifests(text, "ci.yaml").diagnostics.map(formatDiagnostic);
}

describe("bad annotations are reported at their line, with the field", () => {
  test.each([
    {
      name: "an unknown flavour",
      annotations: { ...base, "baton.dev/webhook": "gitlab" },
      expected: ['ci.yaml:6:24 metadata.annotations[baton.dev/webhook]: Unsupported value: "gitlab": supported values: "github", "generic"'],
    },
    {
      name: "no secret",
      annotations: { "baton.dev/webhook": "github" },
      expected: [
        'ci.yaml:6:24 metadata.annotations[baton.dev/webhook]: Required value: a webhook needs a secret to check signatures with: set "baton.dev/webhook-secret-env" or "baton.dev/webhook-secret-file"',
      ],
    },
    {
      name: "two secrets",
      annotations: { ...base, "baton.dev/webhook-secret-file": "/run/secret" },
      expected: ['ci.yaml:8:36 metadata.annotations[baton.dev/webhook-secret-file]: set "baton.dev/webhook-secret-env" or "baton.dev/webhook-secret-file", not both'],
    },
    {
      name: "a secret variable that is not a name",
      annotations: { ...base, "baton.dev/webhook-secret-env": "$SECRET" },
      expected: ['ci.yaml:7:35 metadata.annotations[baton.dev/webhook-secret-env]: Invalid value: "$SECRET": must be an environment variable\'s name, such as GITHUB_WEBHOOK_SECRET'],
    },
    {
      name: "an empty event and a bad one",
      annotations: { ...base, "baton.dev/webhook-events": "push,,Pull Request" },
      expected: [
        'ci.yaml:8:31 metadata.annotations[baton.dev/webhook-events]: Invalid value: "push,,Pull Request": must be a comma-separated list, none of its items empty',
        'ci.yaml:8:31 metadata.annotations[baton.dev/webhook-events]: Invalid value: "Pull Request": must be a GitHub event name such as "push", or an event and its action such as "pull_request.opened"',
      ],
    },
    {
      name: "ping listed (a warning)",
      annotations: { ...base, "baton.dev/webhook-events": "push,ping" },
      expected: ['ci.yaml:8:31 warning: metadata.annotations[baton.dev/webhook-events]: "ping" need not be listed: a ping is always answered, and never submits a workflow'],
    },
    {
      name: "a ref where a branch belongs",
      annotations: { ...base, "baton.dev/webhook-branches": "refs/heads/main" },
      expected: ['ci.yaml:8:33 metadata.annotations[baton.dev/webhook-branches]: Invalid value: "refs/heads/main": write the branch\'s name ("main"), not its ref ("refs/heads/main")'],
    },
    {
      name: "filters on a generic webhook",
      annotations: { ...base, "baton.dev/webhook": "generic", "baton.dev/webhook-branches": "main" },
      expected: ['ci.yaml:8:33 metadata.annotations[baton.dev/webhook-branches]: only a "github" webhook filters events and branches; a "generic" one takes every request'],
    },
    {
      name: "parameters that are not a map, and sources that do not exist",
      annotations: { ...base, "baton.dev/webhook-parameters": "revision: payload.after\nbad name: body\nn: 5\n" },
      expected: [
        'ci.yaml:8:35 metadata.annotations[baton.dev/webhook-parameters]: parameter "revision": Invalid value: "payload.after": must be body, body.<path>, headers.<name> or query.<name>, such as body.repository.full_name',
        "ci.yaml:8:35 metadata.annotations[baton.dev/webhook-parameters]: parameter \"bad name\": must consist of alphanumeric characters, '_' or '-' (regex used for validation is '[-a-zA-Z0-9_]+')",
        'ci.yaml:8:35 metadata.annotations[baton.dev/webhook-parameters]: parameter "n": Invalid value: 5: must be body, body.<path>, headers.<name> or query.<name>, such as body.repository.full_name',
      ],
    },
    {
      name: "parameters as a list",
      annotations: { ...base, "baton.dev/webhook-parameters": "- body.after" },
      expected: ['ci.yaml:8:35 metadata.annotations[baton.dev/webhook-parameters]: Invalid value: "- body.after": must be lines "parameter: source", such as "revision: body.after"'],
    },
  ])("$name", ({ annotations, expected }) => {
    expect(lint(annotations)).toEqual(expected);
  });

  test("a good declaration lints clean, and is not an unknown Baton annotation", () => {
    expect(lint({ ...base, "baton.dev/webhook-events": "push", "baton.dev/webhook-parameters": "revision: body.after" })).toEqual([]);
  });
});
