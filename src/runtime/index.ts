export { Runtime, type RuntimeOptions, type RuntimeListener, type Request } from "./runtime.js";
export { TimerTable, systemClock } from "./timers.js";
