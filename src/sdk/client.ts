import { applyParameters, loadTexts, runEmbedded } from "../app/index.js";
import type { ClusterEvent, Resource, RunPhase } from "../model/index.js";
import { formatDiagnostic, hasErrors, type Diagnostic } from "../spec/index.js";
import type { Manifest, ParameterValue } from "./manifest.js";
import { toYaml } from "./yaml.js";

export interface RunOptions {
  /**
   * Workflow parameters, as `baton run -p name=value` (and `argo submit -p`) set them: each must be a
   * parameter of the workflow's `spec.arguments`, and a value must be in its enum.
   */
  parameters?: Record<string, ParameterValue>;
  /** Where the store and logs live; default $BATON_HOME, else ~/.baton. */
  home?: string;
  /** Every Kubernetes-shaped event (`type`, `reason`, `message`, `involvedObject`), as it is committed. */
  onEvent?: (event: ClusterEvent) => void;
  /** Start anew even if an interrupted run of the same manifests could be resumed. */
  fresh?: boolean;
  /** Aborting stops every pod; the run then ends `Stopped`. */
  signal?: AbortSignal;
}

export interface RunResult {
  runId: string;
  phase: RunPhase;
  /** Every object of the run as it ended (what was submitted and the pods it created), with status. */
  resources: Resource[];
}

/** The manifests are invalid: nothing was run. Each diagnostic names the line of the manifests' YAML. */
export class InvalidManifestsError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === "error");
    super(`${errors.length} error${errors.length === 1 ? "" : "s"}: nothing was run\n${errors.map(formatDiagnostic).join("\n")}`);
    this.name = "InvalidManifestsError";
  }
}

/** The label of the generated YAML in diagnostics. */
const SOURCE = "run() manifests";

/**
 * Submits manifests and waits until every one has finished, exactly as `baton run` does: the same
 * validation and defaults, the same embedded engine, store and logs under `home`. Resolves with the
 * outcome (a failed run is a result, not an exception); rejects with `InvalidManifestsError` when
 * nothing could run. Once `baton server` exists, this will submit to a running server instead.
 */
export async function run(manifests: Manifest | Manifest[], options: RunOptions = {}): Promise<RunResult> {
  const input = loadTexts([{ file: SOURCE, text: toYaml(manifests) }]);
  const values = Object.fromEntries(Object.entries(options.parameters ?? {}).map(([name, value]) => [name, String(value)]));
  const diagnostics = [...input.diagnostics, ...applyParameters(input.resources, values)];
  if (hasErrors(diagnostics)) throw new InvalidManifestsError(diagnostics);
  const result = await runEmbedded(
    input.resources.map((r) => r.resource),
    [SOURCE],
    { ...(options.home === undefined ? {} : { home: options.home }), fresh: options.fresh ?? false, ...(options.onEvent ? { onEvent: options.onEvent } : {}), ...(options.signal ? { signal: options.signal } : {}) },
  );
  return { runId: result.runId, phase: result.phase, resources: result.objects };
}
