export { newWorkflowTracking, onWorkflowNodeTimer, onWorkflowPodChange, onWorkflowTimer, startWorkflow, stopWorkflow } from "./workflow.js";
