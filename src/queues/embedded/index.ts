export { openEmbeddedQueues } from "./embedded-backend.js";
