/** plan: checks across the resources of one submission. */
export { checkSubmission, type SubmissionOptions } from "./check-submission.js";
export { dependenciesOf } from "./dependencies.js";
export { findCycles } from "./find-cycles.js";
export { resolveWorkflowTemplates } from "./workflow-templates.js";
