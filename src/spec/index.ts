/** spec: text → typed, validated, defaulted resources, with every problem at its line and column. */
export { loadManifests, type SourcedResource } from "./load-manifests.js";
export { compareDiagnostics, formatDiagnostic, hasErrors, type Diagnostic } from "./diagnostic.js";
export { formatFieldPath, type FieldPath } from "./field-path.js";
export { argoDurationMs, parseDuration } from "./duration.js";
export { parseContainerDependencies, parseContainerRetries } from "./container-graph.js";
export { parseDependsOn } from "./baton-annotations.js";
export { readWebhookTrigger, type WebhookAnnotationProblem } from "./webhook-annotations.js";
export { countIndexes } from "./kinds/success-policy-validation.js";
export { cyclicComponents } from "./strongly-connected.js";
