import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { sign } from "@octokit/webhooks-methods";
import { expect, test } from "vitest";
import type { Workflow, WorkflowTemplate } from "../../model/index.js";
import { pullRequestPayload, pushPayload, SHA } from "../../schedules/fixtures/github-deliveries.js";
import { formatDiagnostic, loadManifests } from "../../spec/index.js";
import { webhookRoutes } from "./index.js";

const file = resolve(import.meta.dirname, "../../../examples/github-webhook.yaml");

test("examples/github-webhook.yaml lints clean, and a push and a pull request each submit it", async () => {
  const { resources, diagnostics } = loadManifests(readFileSync(file, "utf8"), "github-webhook.yaml");
  expect(diagnostics.map(formatDiagnostic)).toEqual([]);
  const template = resources[0]!.resource as WorkflowTemplate;
  const submitted: Workflow[] = [];
  const app = webhookRoutes({
    findTemplate: (namespace, name) => Promise.resolve(namespace === "default" && name === "github-ci" ? template : undefined),
    submit: (workflow) => {
      submitted.push(workflow);
      return Promise.resolve({ name: `github-ci-${submitted.length}`, uid: "u" });
    },
    secret: (trigger) => ("env" in trigger.secret && trigger.secret.env === "GITHUB_WEBHOOK_SECRET" ? "s3cret" : undefined),
  });
  const deliver = async (event: string, payload: unknown) => {
    const body = JSON.stringify(payload);
    const headers = { "content-type": "application/json", "x-github-event": event, "x-hub-signature-256": await sign("s3cret", body) };
    return (await app.request("/namespaces/default/webhooks/github-ci", { method: "POST", headers, body })).status;
  };
  expect(await deliver("push", pushPayload())).toBe(202);
  expect(await deliver("pull_request", pullRequestPayload("synchronize"))).toBe(202);
  expect(await deliver("pull_request", pullRequestPayload("labeled"))).toBe(200);
  expect(submitted.map((w) => w.spec.arguments.parameters)).toEqual([
    [{ name: "revision", value: SHA.after }, { name: "repo", value: "octocat/Hello-World" }, { name: "event", value: "push" }],
    [{ name: "head", value: SHA.after }, { name: "repo", value: "octocat/Hello-World" }, { name: "event", value: "pull_request" }],
  ]);
});
