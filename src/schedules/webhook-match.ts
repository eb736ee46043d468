import type { WebhookTrigger } from "../model/index.js";

/**
 * Whether a GitHub delivery is one the trigger wants: its event (and action) among
 * `baton.dev/webhook-events`, its branch among `baton.dev/webhook-branches`. Returns why not, or undefined
 * when it matches. The branch of an event is GitHub Actions' reading: the pushed branch of a `push`, the
 * base branch of a pull request, the created or deleted branch of `create` and `delete`.
 */
export function whyIgnored(trigger: WebhookTrigger, event: string, payload: unknown): string | undefined {
  const action = stringAt(payload, ["action"]);
  if (trigger.events.length > 0 && !trigger.events.some((e) => e === event || e === `${event}.${action ?? ""}`)) {
    const what = action === undefined ? `event "${event}"` : `event "${event}" (action "${action}")`;
    return `${what} is not one of baton.dev/webhook-events: ${trigger.events.join(", ")}`;
  }
  const ref = stringAt(payload, ["ref"]);
  if (event === "push" && stringAt(payload, ["deleted"]) === "true") {
    return `push deleted ${ref ?? "a ref"}: there is nothing to run`;
  }
  if (trigger.branches.length === 0) return undefined;
  const branch = branchOf(payload);
  const wanted = `baton.dev/webhook-branches: ${trigger.branches.join(", ")}`;
  if (branch === undefined) return `event "${event}" is not about a branch${ref === undefined ? "" : ` (ref "${ref}")`}, and the webhook asks for ${wanted}`;
  if (!trigger.branches.some((pattern) => branchPattern(pattern).test(branch))) return `branch "${branch}" does not match ${wanted}`;
  return undefined;
}

/** The branch an event is about, by name (`main`, not `refs/heads/main`); undefined for tags and events without one. */
export function branchOf(payload: unknown): string | undefined {
  const ref = stringAt(payload, ["ref"]);
  if (ref?.startsWith("refs/heads/")) return ref.slice("refs/heads/".length);
  const base = stringAt(payload, ["pull_request", "base", "ref"]);
  if (base !== undefined) return base;
  return stringAt(payload, ["ref_type"]) === "branch" ? ref : undefined;
}

/** GitHub Actions' branch filter: `*` matches within one `/`-separated part, `**` across them; the rest is literal. */
export function branchPattern(pattern: string): RegExp {
  const source = pattern
    .split("**")
    .map((part) => part.split("*").map(escapeRegExp).join("[^/]*"))
    .join(".*");
  return new RegExp(`^${source}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A scalar of the payload as text (`true` for a boolean), or undefined when absent or not a scalar. */
function stringAt(value: unknown, path: readonly string[]): string | undefined {
  let here = value;
  for (const key of path) {
    if (here === null || typeof here !== "object" || Array.isArray(here)) return undefined;
    here = (here as Record<string, unknown>)[key];
  }
  return typeof here === "string" || typeof here === "number" || typeof here === "boolean" ? String(here) : undefined;
}
