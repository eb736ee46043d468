/** schedules: cron timing (robfig/cron syntax as Kubernetes and Argo read it, time zones) and webhook triggers. */
export { parseCronSyntax, type CronField, type CronFields, type CronSyntax } from "./cron-syntax.js";
export { compileSchedule, type Schedule } from "./schedule.js";
export { unmetSchedules, MISSED_SCHEDULES_LIMIT, type UnmetSchedules } from "./missed.js";
export { formatRfc3339, localZone, timeZoneProblem } from "./time-zones.js";
export { decideWebhook, webhookWorkflow, GitHubHeader, WebhookLabel, type WebhookDecision, type WebhookRequest } from "./webhook-trigger.js";
