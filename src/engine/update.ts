import type { Job, Resource } from "../model/index.js";
import { setJobSuspended, syncJob } from "./job.js";
import type { Entry, JobEntry } from "./state.js";
import type { Tick } from "./tick.js";

/**
 * `baton apply` of a changed manifest, after the API checked that only mutable fields changed.
 * A Job's `suspend` and `parallelism` may change while it runs, as in Kubernetes. Lowering
 * parallelism starts no new pods until the active ones are under it (Kubernetes deletes the
 * excess pods at once).
 */
export function updateResource(tick: Tick, e: Entry, resource: Resource): void {
  if (e.kind === "Job" && resource.kind === "Job") updateJob(tick, e, resource);
}

function updateJob(tick: Tick, j: JobEntry, next: Job): void {
  const spec = j.object.spec;
  if (next.spec.parallelism !== spec.parallelism) {
    spec.parallelism = next.spec.parallelism;
    tick.state.touch(j);
    if (!spec.suspend) syncJob(tick, j, undefined);
  }
  if ((next.spec.suspend ?? false) !== (spec.suspend ?? false)) setJobSuspended(tick, j, next.spec.suspend ?? false);
}
