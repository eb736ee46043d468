export { newWorkflowTracking, onWorkflowNodeTimer, onWorkflowPodChange, onWorkflowTimer, startWorkflow, stopWorkflow } from "./workflow.js";
export { onWorkflowCommand } from "./commands.js";
export { isWorkflowSuspended, waitingMessage } from "./suspend.js";
export { onWorkflowFinished } from "./cleanup.js";
