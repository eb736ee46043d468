import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Kubernetes' reasons for a failed request, by HTTP status. */
const reasons: Record<number, string> = {
  400: "BadRequest",
  401: "Unauthorized",
  404: "NotFound",
  409: "AlreadyExists",
  413: "RequestEntityTooLarge",
  422: "Invalid",
  500: "InternalError",
  503: "ServiceUnavailable",
};

/** A request that cannot be served, with the status and message the client gets. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Every error body has Kubernetes' `Status` shape: a client reads `message` and `reason`. */
export function statusBody(status: number, message: string, details?: unknown) {
  return {
    kind: "Status",
    apiVersion: "v1",
    status: "Failure",
    message,
    reason: reasons[status] ?? "Unknown",
    code: status,
    ...(details === undefined ? {} : { details }),
  };
}

export function sendError(c: Context, error: unknown) {
  if (error instanceof ApiError) return c.json(statusBody(error.status, error.message, error.details), error.status);
  const message = error instanceof Error ? error.message : String(error);
  return c.json(statusBody(500, `internal error: ${message}`), 500);
}
