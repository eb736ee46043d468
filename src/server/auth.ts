import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { statusBody } from "./errors.js";

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Every route behind this needs `Authorization: Bearer <token>`. */
export function requireToken(token: string): MiddlewareHandler {
  // Digests are compared, so neither the token's length nor its content leaks through timing;
  // the token's own is made once, not on every request.
  const expected = digest(token);
  const same = (given: string) => timingSafeEqual(digest(given), expected);
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match) {
      c.header("WWW-Authenticate", 'Bearer realm="baton"');
      return c.json(statusBody(401, "this API needs a bearer token (Authorization: Bearer <token>); `baton` reads it from $BATON_HOME/token"), 401);
    }
    if (!same(match[1]!.trim())) return c.json(statusBody(401, "the bearer token is not this server's"), 401);
    await next();
  };
}
