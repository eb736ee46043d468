import type { Command } from "@commander-js/extra-typings";
import { batonHome } from "../../app/index.js";
import { parseDuration } from "../../spec/index.js";
import { DEFAULT_RETENTION, ServerOwnedError, startServer } from "../../server/index.js";
import { UsageError } from "../connection.js";
import { handle } from "./common.js";

/** `baton server`: the engine and its API in the foreground, until SIGINT or SIGTERM. */
export function registerServerCommand(program: Command): void {
  program
    .command("server")
    .description("run the engine with its HTTP API (state in $BATON_HOME); other commands talk to it")
    .option("--host <address>", "address to listen on", "127.0.0.1")
    .option("--port <port>", "port (0: any free one)", "8470")
    .option("--max-body <bytes>", "largest request body accepted", String(16 * 1024 * 1024))
    .option("--max-store <bytes>", "the most the store file may grow to; past it the engine stops and reports it, as on a full disk")
    .option("--keep-finished <n>", "finished Jobs, Pods and Workflows kept (older ones are deleted with their pods and logs)", String(DEFAULT_RETENTION.finished))
    .option("--keep-runs <n>", "finished `baton run` runs kept in the store", String(DEFAULT_RETENTION.runs))
    .option("--backoff-base <duration>", "scale every back-off (Kubernetes' 10s), e.g. 100ms; also BATON_BACKOFF_BASE")
    .action((o) =>
      handle(async () => {
        const baseText = o.backoffBase ?? process.env.BATON_BACKOFF_BASE;
        const backoffBaseMs = baseText === undefined ? undefined : parseDuration(baseText);
        if (baseText !== undefined && (backoffBaseMs === undefined || backoffBaseMs <= 0)) throw new UsageError(`--backoff-base: "${baseText}" is not a duration such as 100ms, 2s or 1m`);
        const port = Number(o.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: ${o.port} is not a port number`);
        let server;
        try {
          server = await startServer({
            home: batonHome(), host: o.host, port, maxBodyBytes: Number(o.maxBody),
            ...(o.maxStore === undefined ? {} : { maxStoreBytes: Number(o.maxStore) }),
            retention: { finished: count("--keep-finished", o.keepFinished), runs: count("--keep-runs", o.keepRuns) },
            ...(backoffBaseMs === undefined ? {} : { backoffBaseMs }),
            log: (line) => process.stderr.write(line + "\n"),
          });
        } catch (error) {
          if (error instanceof ServerOwnedError) throw new UsageError(error.message);
          throw error;
        }
        if (o.host !== "127.0.0.1" && o.host !== "localhost" && o.host !== "::1") process.stderr.write(`warning: listening on ${o.host}: anyone who can reach it and has the token can run commands on this machine\n`);
        await new Promise<void>((resolve) => {
          const stop = (signal: string) => {
            process.stderr.write(`${signal}: stopping the server\n`);
            resolve();
          };
          process.once("SIGINT", () => stop("SIGINT"));
          process.once("SIGTERM", () => stop("SIGTERM"));
        });
        await server.close();
      }),
    );
}

function count(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${flag}: ${text} is not a whole number >= 0`);
  return n;
}
