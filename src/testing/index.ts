export { Simulation, type Behaviour, type FakeOutcome } from "./simulation.js";
export { SeededRandom } from "./random.js";
export { EventQueue } from "./event-queue.js";
export { job, pod, container } from "./builders.js";
