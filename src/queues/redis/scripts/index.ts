export { CODES, type QueueScript } from "./common.js";
export { ACK } from "./ack.js";
export { ACK_LEASE } from "./ack-lease.js";
export { CREATE, DELETE } from "./create-delete.js";
export { DEAD } from "./dead.js";
export { EXTEND } from "./extend.js";
export { LEASE } from "./lease.js";
export { NACK } from "./nack.js";
export { PEEK } from "./peek.js";
export { PURGE } from "./purge.js";
export { PUSH } from "./push.js";
export { REQUEUE_DEAD } from "./requeue-dead.js";
export { STATS } from "./stats.js";

import { ACK } from "./ack.js";
import { ACK_LEASE } from "./ack-lease.js";
import { CREATE, DELETE } from "./create-delete.js";
import { DEAD } from "./dead.js";
import { EXTEND } from "./extend.js";
import { LEASE } from "./lease.js";
import { NACK } from "./nack.js";
import { PEEK } from "./peek.js";
import { PURGE } from "./purge.js";
import { PUSH } from "./push.js";
import { REQUEUE_DEAD } from "./requeue-dead.js";
import { STATS } from "./stats.js";

/** Every script, for the tests that read them all. */
export const ALL_SCRIPTS = [PUSH, LEASE, ACK, ACK_LEASE, NACK, EXTEND, STATS, PEEK, DEAD, REQUEUE_DEAD, PURGE, CREATE, DELETE];
