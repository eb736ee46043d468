// Extract, then transform-a and transform-b together, then load; transform-b is flaky and retried;
// notify runs at the end whatever happened. `baton run examples/etl.ts` runs it; etl.yaml is the
// same workflow written in YAML (test/sdk-examples.test.ts proves the two load to the same resource).
import { container, dag, script, task, workflow } from "baton";

// A script's stdout is its `outputs.result`: the log goes to stderr, the row count to stdout.
const extract = script("extract", {
  inputs: ["date"],
  command: ["sh"],
  source: 'echo "extracting orders for {{inputs.parameters.date}}" >&2\necho 1200\n',
});

const rows = [{ name: "rows", valueFrom: { path: "/tmp/{{pod.name}}.rows" } }];

const transformA = container("transform-a", {
  inputs: ["rows"],
  command: ["sh", "-c"],
  args: ['echo "transform-a: cleaning {{inputs.parameters.rows}} rows"; echo 1180 > /tmp/{{pod.name}}.rows'],
  outputs: rows,
});

// Fails on its first attempt ({{retries}} counts from 0), as a busy warehouse would.
const transformB = container("transform-b", {
  inputs: ["rows"],
  command: ["sh", "-c"],
  args: ['if [ {{retries}} -lt 1 ]; then echo "transform-b: warehouse busy" >&2; exit 1; fi; echo "transform-b: enriching {{inputs.parameters.rows}} rows"; echo 1200 > /tmp/{{pod.name}}.rows'],
  outputs: rows,
  retryStrategy: { limit: 3, retryPolicy: "Always", backoff: { duration: "1s", factor: 2 } },
});

const load = container("load", {
  inputs: ["cleaned", "enriched"],
  command: ["sh", "-c"],
  args: ['echo "loading {{inputs.parameters.cleaned}} cleaned and {{inputs.parameters.enriched}} enriched rows"'],
});

const notify = container("notify", {
  command: ["sh", "-c"],
  args: ['echo "ETL for {{workflow.parameters.date}} ended: {{workflow.status}}"'],
});

const a = task("transform-a", transformA, { dependencies: ["extract"], arguments: { parameters: { rows: "{{tasks.extract.outputs.result}}" } } });
const b = task("transform-b", transformB, { dependencies: ["extract"], arguments: { parameters: { rows: "{{tasks.extract.outputs.result}}" } } });

export default workflow({
  generateName: "etl-",
  arguments: { parameters: { date: "2026-11-21" } },
  entrypoint: dag("etl", [
    task("extract", extract, { arguments: { parameters: { date: "{{workflow.parameters.date}}" } } }),
    a,
    b,
    task("load", load, {
      dependencies: [a, b],
      arguments: {
        parameters: {
          cleaned: "{{tasks.transform-a.outputs.parameters.rows}}",
          enriched: "{{tasks.transform-b.outputs.parameters.rows}}",
        },
      },
    }),
  ]),
  onExit: notify,
});
