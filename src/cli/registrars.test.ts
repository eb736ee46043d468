import { Command } from "@commander-js/extra-typings";
import { describe, expect, it } from "vitest";
import { registrars, registrarsFor } from "./registrars.js";

describe("registrars", () => {
  it.each(registrars.map(([names, load]) => [names.join(", "), names, load] as const))("%s: the names listed are the commands the module registers", async (_, names, load) => {
    const program = new Command("baton");
    (await load())(program);
    expect(program.commands.map((c) => c.name())).toEqual(names);
  });

  it.each([
    [["run", "x.yaml"], ["run"]],
    [["queue", "lease", "q"], ["queue"]],
    [["resume", "wf"], ["delete", "wait", "suspend", "resume", "stop", "terminate", "retry", "resubmit"]],
    [["--version"], []],
    [["-V"], []],
    [["--help"], registrars.flatMap(([names]) => names)],
    [[], registrars.flatMap(([names]) => names)],
    [["nosuch"], registrars.flatMap(([names]) => names)],
  ])("baton %j registers %j", (args, expected) => {
    expect(registrarsFor(["node", "baton", ...args]).flatMap(([names]) => names)).toEqual(expected);
  });
});
