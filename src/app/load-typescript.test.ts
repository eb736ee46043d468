import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { isModuleFile, loadModule } from "./load-typescript.js";

// As in a project of ES modules; "CommonJS" below covers a file without one.
const dir = mkdtempSync(join(tmpdir(), "baton-load-ts-"));
writeFileSync(join(dir, "package.json"), '{ "type": "module" }');
const cjsDir = mkdtempSync(join(tmpdir(), "baton-load-cjs-"));
const job = { apiVersion: "batch/v1", kind: "Job", metadata: { name: "hello" }, spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "main", command: ["true"] }] } } } };

function file(name: string, text: string, at = dir): string {
  const path = join(at, name);
  writeFileSync(path, text);
  return path;
}

async function documents(path: string): Promise<unknown[]> {
  const loaded = await loadModule(path);
  if (!loaded.ok) throw new Error(loaded.diagnostic.message);
  expect(loaded.file).toBe(`${path} (default export)`);
  return parseAllDocuments(loaded.text).map((d) => d.toJS());
}

describe("loading a TypeScript or JavaScript file", () => {
  it.each([
    { name: "object.ts", code: `const job: { kind: string } = ${JSON.stringify(job)};\nexport default job;`, expected: [job] },
    { name: "list.mts", code: `export default [${JSON.stringify(job)}, ${JSON.stringify({ ...job, metadata: { name: "again" } })}];`, expected: [job, { ...job, metadata: { name: "again" } }] },
    { name: "function.js", code: `export default () => (${JSON.stringify(job)});`, expected: [job] },
    { name: "async.mjs", code: `export default async () => [${JSON.stringify(job)}];`, expected: [job] },
    { name: "promise.ts", code: `export default Promise.resolve(${JSON.stringify(job)});`, expected: [job] },
  ])("reads the default export of $name as YAML documents", async ({ name, code, expected }) => {
    expect(await documents(file(name, code))).toEqual(expected);
  });

  it("reads a file that Node takes for CommonJS the same way", async () => {
    expect(await documents(file("cjs.ts", `export default ${JSON.stringify(job)};`, cjsDir))).toEqual([job]);
    expect(await loadModule(file("none.ts", "export const x = 1;", cjsDir))).toMatchObject({ ok: false, diagnostic: { message: expect.stringMatching(/^has no default export/) } });
  });

  it("writes a template used twice in full, without YAML aliases", async () => {
    const path = file("shared.ts", `const c = { name: "main", command: ["true"] };\nexport default { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { initContainers: [c], containers: [c] } };`);
    const loaded = await loadModule(path);
    expect(loaded.ok && loaded.text).not.toMatch(/[&*]a1/);
  });

  it.each([
    { what: "no default export", code: "export const job = 1;", message: "has no default export: `export default` a workflow, Job or Pod, a list of them, or a function that returns them" },
    { what: "a default export that is no manifest", code: 'export default { name: "x" };', message: "the default export is not a manifest: expected an object with apiVersion and kind, such as workflow(), job() or pod() make, or a list of them (got an object with name)" },
    { what: "a list with something else in it", code: `export default [${JSON.stringify(job)}, 42];`, message: "the default export (item 1) is not a manifest: expected an object with apiVersion and kind, such as workflow(), job() or pod() make, or a list of them (got number 42)" },
    { what: "an empty list", code: "export default [];", message: "the default export is not a manifest: expected an object with apiVersion and kind, such as workflow(), job() or pod() make, or a list of them (got an empty list)" },
  ])("reports $what as one line at the file's start", async ({ code, message }) => {
    const path = file("bad.ts", code);
    expect(await loadModule(path)).toEqual({ ok: false, diagnostic: { severity: "error", file: path, line: 1, column: 1, path: "", message } });
  });

  // The line is the one that threw where Node maps stacks to the source (as in `baton run`; see
  // test/sdk-examples.test.ts); vitest's own stack formatting does not, so only the message is checked here.
  it("reports an error thrown by the file", async () => {
    const path = file("throws.ts", 'const x: number = 1;\nif (x === 1) throw new Error("no templates given");\nexport default {};\n');
    const loaded = await loadModule(path);
    expect(loaded).toMatchObject({ ok: false, diagnostic: { file: path, message: "cannot load the file: no templates given" } });
  });

  it("reports a syntax error on one line", async () => {
    const loaded = await loadModule(file("syntax.ts", "export default {\n"));
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) {
      expect(loaded.diagnostic.message).toMatch(/^cannot load the file: /);
      expect(loaded.diagnostic.message).not.toContain("\n");
    }
  });

  it("reports a missing file as the YAML loader does", async () => {
    expect(await loadModule(join(dir, "missing.ts"))).toMatchObject({ ok: false, diagnostic: { message: "cannot read the file: no such file" } });
  });

  it.each([
    ["etl.ts", true], ["etl.mts", true], ["etl.js", true], ["etl.mjs", true], ["etl.yaml", false], ["etl.json", false], ["etl.d.ts.yaml", false],
  ])("%s is a module: %s", (path, expected) => {
    expect(isModuleFile(path)).toBe(expected);
  });
});
