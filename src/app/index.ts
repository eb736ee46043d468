export { batonHome, storePath, logDir } from "./home.js";
export { loadFiles, type LoadedInput } from "./load-files.js";
export { openEmbedded, type Embedded } from "./embedded.js";
export { startRun, type StartedRun } from "./start-run.js";
export { materialize, digestOf } from "./submission.js";
