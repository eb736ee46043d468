import { describe, expect, it } from "vitest";
import { ALL_SCRIPTS } from "./index.js";

describe("the queue's Lua scripts", () => {
  it.each(ALL_SCRIPTS.map((s) => [s.name, s] as const))("%s is headed by its KEYS, ARGV and replies", (name, script) => {
    const header = /--\[\[ ([\w-]+): [\s\S]*?\]\]/.exec(script.source);
    expect(header?.[1]).toBe(name);
    for (const part of ["KEYS", "ARGV", "Returns"]) expect(header?.[0]).toContain(part);
  });

  it("are distinct", () => {
    expect(new Set(ALL_SCRIPTS.map((s) => s.sha)).size).toBe(ALL_SCRIPTS.length);
  });
});
