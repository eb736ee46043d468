export { openEmbeddedQueues } from "./embedded/index.js";
