import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError, BatonClient } from "../src/client/index.js";
import { startServer, type RunningServer } from "../src/server/index.js";

// baton.dev/depends-on across submissions: a new Job may wait for a Job or Pod the server already has.
let server: RunningServer;
let client: BatonClient;

const job = (name: string, namespace: string, dependsOn?: string) => `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
  namespace: ${namespace}
${dependsOn === undefined ? "" : `  annotations:\n    baton.dev/depends-on: ${dependsOn}\n`}spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: work
        command: ["true"]
`;

async function refusal(p: Promise<unknown>): Promise<ApiError> {
  const error = await p.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

beforeAll(async () => {
  server = await startServer({ home: mkdtempSync(join(tmpdir(), "baton-server-")), port: 0 });
  client = new BatonClient({ url: server.url, token: server.token });
  await client.submit([{ file: "first.yaml", text: job("first", "team-a") }], "create");
});
afterAll(async () => server.close());

describe("baton server: depends-on names what the server has", () => {
  it.each([
    { case: "a Job submitted before, in the same namespace", dependsOn: "first", namespace: "team-a" },
    { case: "one of several names, the others in this submission", dependsOn: "first, sibling", namespace: "team-a", sibling: true },
  ])("accepts $case", async ({ dependsOn, namespace, sibling }) => {
    const name = `waits-${sibling ? "both" : "one"}`;
    const files = [{ file: "next.yaml", text: job(name, namespace, dependsOn) }];
    if (sibling) files.push({ file: "sibling.yaml", text: job("sibling", namespace) });
    const items = await client.submit(files, "create");
    expect(items.map((i) => [i.name, i.action])).toContainEqual([name, "created"]);
  });

  it.each([
    { case: "a name nothing has", dependsOn: "nowhere", namespace: "team-a", missing: "nowhere" },
    { case: "a Job of another namespace", dependsOn: "first", namespace: "team-b", missing: "first" },
    { case: "one known and one unknown name", dependsOn: "first, nowhere", namespace: "team-a", missing: "nowhere" },
  ])("refuses $case with 422 naming it, and creates nothing", async ({ dependsOn, namespace, missing }) => {
    const e = await refusal(client.submit([{ file: "bad.yaml", text: job("refused", namespace, dependsOn) }], "create"));
    expect(e.status).toBe(422);
    expect(e.message).toContain(`depends on "${missing}", which is not defined in this submission in namespace "${namespace}"`);
    expect(e.message).not.toContain('depends on "first", which is not defined in this submission in namespace "team-a"');
    expect((await client.list("jobs", { namespace })).map((j) => j.metadata.name)).not.toContain("refused");
  });
});
