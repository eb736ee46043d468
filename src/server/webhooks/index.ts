/** Webhook triggers: signed requests that submit a WorkflowTemplate (GitHub and generic flavours). */
export { webhookRoutes, WEBHOOK_BODY_LIMIT, type WebhookDeps } from "./webhook-routes.js";
export { SIGNATURE_HEADER } from "./webhook-signature.js";
