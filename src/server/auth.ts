import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { statusBody } from "./errors.js";

/** Compares digests, so neither the token's length nor its content leaks through timing. */
function same(a: string, b: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** Every route behind this needs `Authorization: Bearer <token>`. */
export function requireToken(token: string): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match) {
      c.header("WWW-Authenticate", 'Bearer realm="baton"');
      return c.json(statusBody(401, "this API needs a bearer token (Authorization: Bearer <token>); `baton` reads it from $BATON_HOME/token"), 401);
    }
    if (!same(match[1]!.trim(), token)) return c.json(statusBody(401, "the bearer token is not this server's"), 401);
    await next();
  };
}
