import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadModule } from "../src/app/load-typescript.js";
import { loadManifests } from "../src/spec/index.js";

// Every examples/NAME.ts written with the builders loads to exactly the resources of examples/NAME.yaml.
// The .ts files import "baton" (the built package): `npm test` builds first.
const examples = resolve(import.meta.dirname, "../examples");
const written = readdirSync(examples).filter((f) => /\.(ts|mts)$/.test(f));

describe("TypeScript examples give the resources of their YAML twins", () => {
  it("has examples", () => expect(written.length).toBeGreaterThan(0));

  it.each(written)("%s", async (file) => {
    const loaded = await loadModule(join(examples, file));
    if (!loaded.ok) throw new Error(loaded.diagnostic.message);
    const fromTs = loadManifests(loaded.text, loaded.file);
    const yamlFile = join(examples, file.replace(/\.m?ts$/, ".yaml"));
    const fromYaml = loadManifests(readFileSync(yamlFile, "utf8"), yamlFile);
    expect(fromTs.diagnostics).toEqual([]);
    expect(fromYaml.diagnostics).toEqual([]);
    expect(fromTs.resources.length).toBeGreaterThan(0);
    expect(fromTs.resources.map((r) => r.resource)).toStrictEqual(fromYaml.resources.map((r) => r.resource));
  });
});

// `baton run file.ts` as a user meets it: the built CLI, a TypeScript file in a project of its own
// that depends on the "baton" package, real processes, a fresh $BATON_HOME.
describe("baton run file.ts", () => {
  const root = resolve(import.meta.dirname, "..");
  function project(files: Record<string, string>) {
    const dir = mkdtempSync(join(tmpdir(), "baton-sdk-"));
    writeFileSync(join(dir, "package.json"), '{ "type": "module" }');
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(root, join(dir, "node_modules", "baton"));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const env = { ...process.env, BATON_HOME: join(dir, "home"), NO_COLOR: "1" };
    const run = (...args: string[]) => spawnSync(process.execPath, [join(root, "bin/baton.js"), "run", ...args], { cwd: dir, env, encoding: "utf8", timeout: 60_000 });
    return { dir, run };
  }

  it("runs the Job that a TypeScript file exports by default", () => {
    const { run } = project({
      "hello.ts": `import { job } from "baton";
const greeting: string = "hello from TypeScript";
export default job({
  name: "hello",
  completions: 2,
  restartPolicy: "Never",
  containers: [{ name: "main", command: ["sh", "-c", \`echo "\${greeting} $JOB_COMPLETION_INDEX"\`] }],
  completionMode: "Indexed",
});
`,
    });
    const r = run("hello.ts");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/hello\/hello-[\w-]+\/main \| hello from TypeScript 0/);
    expect(r.stdout).toMatch(/hello\/hello-[\w-]+\/main \| hello from TypeScript 1/);
    expect(r.stdout).toMatch(/job\/hello\s+Succeeded/);
  });

  it.each([
    { what: "no default export", code: "export const x = 1;\n", line: "nothing.ts:1:1 has no default export: `export default` a workflow, Job or Pod, a list of them, or a function that returns them" },
    { what: "an error thrown by the file, at its line", code: 'const n: number = 0;\nif (n === 0) throw new Error("no input");\nexport default {};\n', line: "nothing.ts:2:20 cannot load the file: no input" },
  ])("exits 2 with one line for $what, and no stack trace", ({ code, line }) => {
    const { run } = project({ "nothing.ts": code });
    const r = run("nothing.ts");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`${line}\n1 error: nothing was run\n`);
  });

  it("reports invalid manifests at the line of the generated YAML, naming it", () => {
    const { run } = project({
      "bad.ts": `import { job } from "baton";\nexport default job({ name: "bad", parallelism: -1, restartPolicy: "Never", containers: [{ name: "main", command: ["true"] }] });\n`,
    });
    const r = run("bad.ts");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^bad\.ts \(default export\):\d+:\d+ spec\.parallelism: must be >= 0 \(got -1\)\n/);
  });
});
