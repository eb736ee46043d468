import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RedisConnection } from "./connection.js";
import { REDIS_URL } from "./fixtures/redis-test-server.js";
import { queueScript } from "./scripts/common.js";

/** A script this server has never seen: a new comment gives it a new SHA1. */
const fresh = () => queueScript("echo", `-- ${randomBytes(8).toString("hex")}\nreturn ARGV[1]`, []);

describe("RedisConnection", () => {
  let connection: RedisConnection;
  beforeEach(async () => {
    connection = await RedisConnection.open({ url: REDIS_URL });
  });
  afterEach(() => connection.close());

  it("loads a script the server does not know, alone and in a MULTI", async () => {
    expect(String(await connection.run(fresh(), [], ["one"]))).toBe("one");
    expect((await connection.runAll(fresh(), [], [["a"], ["b"]])).map(String)).toEqual(["a", "b"]);
  });
});
