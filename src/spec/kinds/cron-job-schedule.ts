import { ConcurrencyPolicy } from "../../model/index.js";
import { compileSchedule, parseCronSyntax, timeZoneProblem } from "../../schedules/index.js";
import type { FieldPath } from "../field-path.js";
import { IssueList, type Issue } from "../issue.js";
import { message } from "../messages.js";

/**
 * What CronJob and CronWorkflow share: the schedule (robfig/cron's standard syntax, as both APIs
 * parse it), the time zone, the concurrency policy, and re-rooting the issues of a Job's or a
 * Workflow's own validators under the template field.
 */

/** Kubernetes' maximum CronJob name (and Argo's CronWorkflow name): 63 minus the 11 characters of `-<time>`. */
export const MAX_CRON_NAME_LENGTH = 52;

const concurrencyPolicies = Object.values(ConcurrencyPolicy);

/** robfig/cron's error as `field.Invalid`; `timeZone` is the zone the schedule will be read in, for the never-fires check. */
export function validateSchedule(schedule: string, path: FieldPath, issues: IssueList, timeZone?: string): void {
  const parsed = parseCronSyntax(schedule);
  if ("error" in parsed) {
    issues.error(path, message.invalid(schedule, parsed.error));
    return;
  }
  const zone = timeZone !== undefined && timeZoneProblem(timeZone) === undefined ? timeZone : undefined;
  const compiled = compileSchedule(schedule, zone);
  // Kubernetes accepts it and then reports InvalidSchedule on every sync; say so before it runs.
  if (!("error" in compiled) && compiled.next(0) === undefined) {
    issues.warning(path, message.invalid(schedule, "this schedule never fires (no such date)"));
  }
}

/** Kubernetes' validateTimeZone: a non-empty IANA name, not "Local". */
export function validateTimeZone(zone: string, path: FieldPath, issues: IssueList): void {
  if (zone === "") {
    issues.error(path, message.invalid(zone, "timeZone must be nil or non-empty string"));
    return;
  }
  const components = zone.split("/");
  if (components.some((c) => c === "." || c === ".." || c.startsWith("-") || !/^[A-Za-z.\-_0-9+]{1,14}$/.test(c))) {
    issues.error(path, message.invalid(zone, `unknown time zone ${zone}`));
    return;
  }
  if (zone.toLowerCase() === "local") {
    issues.error(path, message.invalid(zone, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"));
    return;
  }
  const problem = timeZoneProblem(zone);
  if (problem !== undefined) issues.error(path, message.invalid(zone, problem));
}

export function validateConcurrencyPolicy(policy: string | undefined, path: FieldPath, issues: IssueList): void {
  // Unset and "" default to Allow in both APIs.
  if (policy !== undefined && policy !== "" && !concurrencyPolicies.includes(policy as ConcurrencyPolicy)) {
    issues.error(path, message.unsupported(policy, concurrencyPolicies));
  }
}

/**
 * Runs a validator written for a top-level `spec` (a Job's, a Workflow's) on a template nested
 * deeper, and files its issues under `root` instead of `spec`.
 */
export function validateNested(root: FieldPath, issues: IssueList, validate: (nested: IssueList) => void): void {
  const nested = new IssueList();
  validate(nested);
  for (const issue of nested.items) issues.add(reRoot(issue, root));
}

function reRoot(issue: Issue, root: FieldPath): Issue {
  if (issue.path[0] !== "spec") return issue;
  return { ...issue, path: [...root, ...issue.path.slice(1)] };
}
