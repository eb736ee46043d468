import { Command } from "@commander-js/extra-typings";
import { registrarsFor } from "./registrars.js";

/** Exit status for a command line that cannot be understood (as for an invalid file). */
const INVALID = 2;

const program = new Command("baton")
  .description("Run Kubernetes Pods and Jobs and Argo Workflows on this machine, as a cluster and Argo would run them.")
  .version("0.1.0")
  .showHelpAfterError()
  // A command line that cannot be understood is invalid input, like an invalid file: exit 2.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : INVALID));

// Only what this command line needs is loaded: a queue worker runs `baton queue lease|ack` once per
// item, and `baton run` should not wait for the HTTP server's modules.
const wanted = registrarsFor(process.argv);
for (const register of await Promise.all(wanted.map(([, load]) => load()))) register(program);
await program.parseAsync();
