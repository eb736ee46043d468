import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/** The layers of DESIGN.md: which folders of src/ each folder may import. */
const ALLOWED: Record<string, string[]> = {
  model: [],
  expr: [],
  spec: ["model", "expr", "schedules"],
  plan: ["model", "spec", "expr", "schedules"],
  schedules: ["model", "expr"],
  engine: ["model", "spec", "plan", "expr", "schedules"],
  runtime: ["model", "spec", "plan", "engine"],
  executors: ["model"],
  stores: ["model"],
  queues: ["model"],
  testing: ["model", "engine", "spec", "plan"],
  app: ["model", "spec", "plan", "engine", "runtime", "executors", "stores", "queues"],
  client: ["model"],
  server: ["model", "spec", "plan", "engine", "runtime", "app", "schedules", "stores"],
  sdk: ["model", "spec", "app", "client"],
  cli: ["model", "spec", "plan", "engine", "runtime", "app", "sdk", "client", "server"],
  index: ["model", "spec", "plan", "engine", "runtime", "app", "sdk", "client"],
};
const PURE = ["model", "expr", "schedules", "spec", "plan", "engine"];

const root = resolve(import.meta.dirname, "../src");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "fixtures" ? [] : sources(path);
    return /\.(ts|js)$/.test(name) && !name.endsWith(".test.ts") ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?from\s+["']([^"']+)["']/g), ...text.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!);
}

const layerOf = (file: string) => {
  const rel = relative(root, file);
  return rel.includes("/") ? rel.split("/")[0]! : rel.replace(/\.(ts|js)$/, "");
};
const files = sources(root);
const graph = new Map(files.map((f) => [f, importsOf(f)]));

describe("architecture (DESIGN.md)", () => {
  it("imports point down the layers", () => {
    const wrong: string[] = [];
    for (const [file, specs] of graph) {
      const from = layerOf(file);
      for (const spec of specs.filter((s) => s.startsWith("."))) {
        const to = layerOf(resolve(dirname(file), spec));
        if (to !== from && !(ALLOWED[from] ?? []).includes(to)) wrong.push(`${relative(root, file)} imports ${spec} (${from} → ${to})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("keeps the pure layers free of I/O", () => {
    const wrong: string[] = [];
    for (const [file, specs] of graph) {
      if (!PURE.includes(layerOf(file))) continue;
      for (const spec of specs) if (spec.startsWith("node:")) wrong.push(`${relative(root, file)} imports ${spec}`);
      const text = readFileSync(file, "utf8");
      for (const banned of [/Date\.now\(/, /Math\.random\(/, /(?<![\w.])set(Timeout|Interval|Immediate)\((?![\w\s]*:)/, /\bprocess\./]) {
        if (banned.test(text)) wrong.push(`${relative(root, file)} uses ${banned.source}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("has no import cycles", () => {
    const resolveSpec = (file: string, spec: string) => resolve(dirname(file), spec).replace(/\.js$/, ".ts");
    const state = new Map<string, "visiting" | "done">();
    const cycles: string[] = [];
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "visiting") {
        cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(root, f)).join(" → "));
        return;
      }
      state.set(file, "visiting");
      for (const spec of graph.get(file) ?? []) {
        if (!spec.startsWith(".")) continue;
        const target = resolveSpec(file, spec);
        if (graph.has(target)) visit(target, [...path, file]);
      }
      state.set(file, "done");
    };
    for (const f of files) visit(f, []);
    expect(cycles).toEqual([]);
  });
});
