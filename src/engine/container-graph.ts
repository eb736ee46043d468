import { BatonAnnotation, type Pod } from "../model/index.js";
import { parseContainerDependencies, parseContainerRetries } from "../spec/index.js";

/**
 * A pod's containers as a graph, Argo's containerSet in the kubelet (what Argo's emissary does in
 * each container): a container starts once every container it depends on exited 0; one whose
 * dependency failed never runs and ends with the emissary's code 64. A failed container may be run
 * again in place, `retries` times, after `delayMs`. Read from two annotations the workflow
 * controller writes (a Pod may carry them too):
 *   baton.dev/container-dependencies: {"main": ["a", "b"]}
 *   baton.dev/container-retries: {"retries": "2", "duration": "1s"}
 */
export interface ContainerGraph {
  /** Container → the containers it waits for; absent: none. */
  readonly dependencies: ReadonlyMap<string, readonly string[]>;
  readonly retries: number;
  readonly delayMs: number;
}

/** The exit code of a container whose dependency failed: Argo's emissary exits 64 when it, not the command, fails. */
export const DEPENDENCY_FAILED_EXIT = 64;

const parsed = new Map<string, ContainerGraph>();

/** The pod's graph, or undefined for an ordinary pod (all containers together). Parsed once per annotation text. */
export function containerGraphOf(pod: Pod): ContainerGraph | undefined {
  const a = pod.metadata.annotations;
  const deps = a[BatonAnnotation.containerDependencies];
  const retries = a[BatonAnnotation.containerRetries];
  if (deps === undefined && retries === undefined) return undefined;
  const key = `${deps ?? ""}\n${retries ?? ""}`;
  let g = parsed.get(key);
  if (!g) {
    g = parseGraph(deps, retries);
    parsed.set(key, g);
  }
  return g;
}

/** Validated by the spec (src/spec/container-graph.ts); what does not parse counts as absent here. */
function parseGraph(deps: string | undefined, retries: string | undefined): ContainerGraph {
  const dependencies = new Map([...(deps === undefined ? [] : (parseContainerDependencies(deps) ?? []))].filter(([, list]) => list.length > 0));
  const r = retries === undefined ? undefined : parseContainerRetries(retries);
  return { dependencies, retries: r?.retries ?? 0, delayMs: r?.delayMs ?? 0 };
}
