export { createLocalExecutor, type LocalExecutorOptions } from "./local/index.js";
