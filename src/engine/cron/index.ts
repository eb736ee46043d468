/** The CronJob and CronWorkflow controllers. */
export { beginCron, endCron, newCronEntry, onCronChildFinished, onCronTimer, resumeCron, updateCron } from "./lifecycle.js";
export type { CronHost } from "./children.js";
