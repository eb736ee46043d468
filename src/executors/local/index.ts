export { createLocalExecutor, type LocalExecutorOptions } from "./local-executor.js";
