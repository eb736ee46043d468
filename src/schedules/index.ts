/** schedules: cron timing and webhook triggers. */
export { decideWebhook, webhookWorkflow, GitHubHeader, WebhookLabel, type WebhookDecision, type WebhookRequest } from "./webhook-trigger.js";
