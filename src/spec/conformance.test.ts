// The shared conformance cases live beside the project (../shared); tests may read them from disk.
// eslint-disable-next-line no-restricted-imports
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { formatDiagnostic, loadManifests } from "./index.js";

const casesDir = new URL("../../../shared/conformance/cases/", import.meta.url);
const cases = existsSync(casesDir) ? readdirSync(casesDir) : [];
const specOf = (name: string) => readFileSync(new URL(`${name}/spec.yaml`, casesDir), "utf8");
const caseNamed = (prefix: string) => cases.find((c) => c.startsWith(prefix)) ?? prefix;
const load = (name: string) => loadManifests(specOf(name), "spec.yaml");

describe.skipIf(cases.length === 0)("conformance cases", () => {
  const podAndJobCases = cases.filter((c) => /^0(0[1-4]|0[6-9]|1[0-5])-/.test(c));

  test("all fourteen Pod and Job cases are there", () => {
    expect(podAndJobCases).toHaveLength(14);
  });

  test.each(podAndJobCases)("%s loads without errors", (name) => {
    const { resources, diagnostics } = load(name);
    expect(diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(resources.length).toBeGreaterThan(0);
  });

  test("023: invalid YAML is reported with its line", () => {
    const { resources, diagnostics } = load(caseNamed("023"));
    expect(resources).toEqual([]);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      "spec.yaml:12:7 YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
    ]);
  });

  test("026: both problems of the second Job are reported", () => {
    const { diagnostics } = load(caseNamed("026"));
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      "spec.yaml:20:16 spec.parallelism: must be >= 0 (got -2)",
      'spec.yaml:27:22 spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
    ]);
  });

  test("027: a container without command is named", () => {
    const { resources, diagnostics } = load(caseNamed("027"));
    expect(resources).toEqual([]);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      "spec.yaml:13:9 spec.template.spec.containers[1].command: container \"entrypoint-only\" has no command; the local engine runs commands on the host and cannot use the image's entrypoint",
    ]);
  });

  test("011: the back-off annotation is read", () => {
    const [sourced] = load(caseNamed("011")).resources;
    expect(sourced?.resource.metadata.annotations).toEqual({ "baton.dev/backoff-base": "100ms" });
  });
});
