/** plan: checks across the resources of one submission. */
export { checkSubmission } from "./check-submission.js";
export { dependenciesOf } from "./dependencies.js";
export { findCycles } from "./find-cycles.js";
