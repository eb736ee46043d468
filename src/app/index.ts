export { batonHome, storePath, logDir } from "./home.js";
export { loadFiles, loadTexts, type LoadedInput, type SourceText } from "./load-files.js";
export { openEmbedded, type Embedded } from "./embedded.js";
export { startRun, type StartedRun } from "./start-run.js";
export { runEmbedded, type EmbeddedRunOptions, type EmbeddedRunResult } from "./run-embedded.js";
export { materialize, digestOf } from "./submission.js";
export { readParameters, applyParameters } from "./parameters.js";
export { startServerEngine, SERVER_RUN, DEFINITIONS_RUN, type ServerEngine } from "./server-engine.js";
export { containerLogPath } from "./logs.js";
