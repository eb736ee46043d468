import type { Hono } from "hono";
import { DEFINITIONS_RUN } from "../app/index.js";
import type { ServerContext } from "./context.js";
import { ApiError } from "./errors.js";
import { KIND_BY_PLURAL } from "./kinds.js";
import { findObjects, findOwn, objectOf, withNodes } from "./objects.js";

export function kindOf(plural: string): string {
  const kind = KIND_BY_PLURAL[plural];
  if (!kind) throw new ApiError(404, `the server has no resource type "${plural}" (it serves ${Object.keys(KIND_BY_PLURAL).join(", ")})`);
  return kind;
}

/** A Kubernetes list: `{ apiVersion, kind: "<Kind>List", items }`. */
function list(kind: string, items: unknown[]) {
  return { apiVersion: "v1", kind: `${kind}List`, items };
}

/** get and delete, per namespace or across all of them, as kubectl's paths have them. */
export function resourceRoutes(app: Hono, ctx: ServerContext): void {
  const all = (q: string | undefined) => q === "true" || q === "1";

  app.get("/:plural", async (c) => {
    const kind = kindOf(c.req.param("plural"));
    const rows = await findObjects(ctx.store, { kind, all: all(c.req.query("all")) });
    return c.json(list(kind, rows.map(objectOf)));
  });

  app.get("/namespaces/:ns/:plural", async (c) => {
    const kind = kindOf(c.req.param("plural"));
    const rows = await findObjects(ctx.store, { kind, namespace: c.req.param("ns"), all: all(c.req.query("all")) });
    return c.json(list(kind, rows.map(objectOf)));
  });

  app.get("/namespaces/:ns/:plural/:name", async (c) => {
    const { ns, name } = c.req.param();
    const kind = kindOf(c.req.param("plural"));
    const rows = await findObjects(ctx.store, { kind, namespace: ns, name, all: true });
    // The server's own object first; else the newest run's (a name can recur across `baton run`s).
    const row = rows.find((r) => r.run === "server" || r.run === DEFINITIONS_RUN) ?? rows.at(-1);
    if (!row) throw new ApiError(404, `${kind.toLowerCase()}s "${name}" not found in namespace "${ns}"`);
    return c.json(await withNodes(ctx.store, row));
  });

  app.delete("/namespaces/:ns/:plural/:name", async (c) => {
    const { ns, name } = c.req.param();
    const kind = kindOf(c.req.param("plural"));
    const row = await findOwn(ctx.store, kind, ns, name);
    if (!row) throw new ApiError(404, `${kind.toLowerCase()}s "${name}" not found in namespace "${ns}"`);
    if (kind === "WorkflowTemplate") await ctx.store.commit({ run: DEFINITIONS_RUN, put: [], remove: [row.uid], events: [] });
    else await ctx.runtime.request({ type: "Deleted", uid: row.uid });
    return c.json({ kind: "Status", apiVersion: "v1", status: "Success", details: { name, kind: kind.toLowerCase() + "s", uid: row.uid } });
  });

}
