export { Simulation, type Behaviour, type FakeOutcome, type SimulationOptions } from "./simulation.js";
export { SeededRandom } from "./random.js";
export { EventQueue } from "./event-queue.js";
export { job, pod, container } from "./builders.js";
export { InvariantChecker, policyAction } from "./invariants.js";
export { randomWorkload, singleJobWorkload, uniformScripts, workloadBehaviour, scriptKey, FAILING_CODES, type Workload } from "./random-workload.js";
