export { createLocalExecutor, type LocalExecutorOptions } from "./local/index.js";
export { logPath } from "./local/log-path.js";
