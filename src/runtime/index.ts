export { Runtime, type RuntimeOptions, type RuntimeListener } from "./runtime.js";
export { TimerTable, systemClock } from "./timers.js";
