import { describe, expect, test } from "vitest";
import type { WebhookTrigger } from "../model/index.js";
import { createPayload, pullRequestPayload, pushPayload } from "./fixtures/github-deliveries.js";
import { branchOf, branchPattern, whyIgnored } from "./webhook-match.js";

function trigger(events: string[], branches: string[]): WebhookTrigger {
  return { flavour: "github", secret: { env: "S" }, events, branches, parameters: [] };
}

describe("branch patterns, as GitHub Actions' branch filters", () => {
  test.each([
    ["main", "main", true],
    ["main", "main2", false],
    ["release/*", "release/1.0", true],
    ["release/*", "release/1.0/hotfix", false],
    ["release/**", "release/1.0/hotfix", true],
    ["feature-*", "feature-login", true],
    ["*", "main", true],
    ["*", "feature/login", false],
    ["**", "feature/login", true],
    ["v1.0", "v1x0", false],
  ])("%s matches %s: %s", (pattern, branch, matches) => {
    expect(branchPattern(pattern).test(branch)).toBe(matches);
  });
});

describe("the branch an event is about", () => {
  test.each([
    ["a push to a branch", pushPayload({ ref: "refs/heads/release/1.0" }), "release/1.0"],
    ["a push of a tag", pushPayload({ ref: "refs/tags/v1.0.0" }), undefined],
    ["a pull request: its base", pullRequestPayload("opened", "develop"), "develop"],
    ["a created branch", createPayload("branch", "feature/x"), "feature/x"],
    ["a created tag", createPayload("tag", "v2"), undefined],
    ["an event without a ref", { action: "created", issue: { number: 1 } }, undefined],
  ])("%s", (_, payload, branch) => {
    expect(branchOf(payload)).toBe(branch);
  });
});

describe("which deliveries a GitHub trigger takes", () => {
  test.each([
    { name: "no filters: every event", t: trigger([], []), event: "issues", payload: { action: "opened" }, ignored: undefined },
    { name: "a listed event", t: trigger(["push"], []), event: "push", payload: pushPayload(), ignored: undefined },
    {
      name: "an event not listed",
      t: trigger(["push", "pull_request"], []),
      event: "issues",
      payload: { action: "opened" },
      ignored: 'event "issues" (action "opened") is not one of baton.dev/webhook-events: push, pull_request',
    },
    { name: "an event and action listed", t: trigger(["pull_request.opened"], []), event: "pull_request", payload: pullRequestPayload("opened"), ignored: undefined },
    {
      name: "another action of a listed event",
      t: trigger(["pull_request.opened", "pull_request.synchronize"], []),
      event: "pull_request",
      payload: pullRequestPayload("labeled"),
      ignored: 'event "pull_request" (action "labeled") is not one of baton.dev/webhook-events: pull_request.opened, pull_request.synchronize',
    },
    { name: "a push to a listed branch", t: trigger(["push"], ["main", "release/*"]), event: "push", payload: pushPayload({ ref: "refs/heads/release/2" }), ignored: undefined },
    {
      name: "a push to another branch",
      t: trigger(["push"], ["main", "release/*"]),
      event: "push",
      payload: pushPayload({ ref: "refs/heads/feature/x" }),
      ignored: 'branch "feature/x" does not match baton.dev/webhook-branches: main, release/*',
    },
    {
      name: "a tag push under a branch filter",
      t: trigger([], ["main"]),
      event: "push",
      payload: pushPayload({ ref: "refs/tags/v1.0.0" }),
      ignored: 'event "push" is not about a branch (ref "refs/tags/v1.0.0"), and the webhook asks for baton.dev/webhook-branches: main',
    },
    {
      name: "a pull request into another base",
      t: trigger(["pull_request"], ["main"]),
      event: "pull_request",
      payload: pullRequestPayload("opened", "develop"),
      ignored: 'branch "develop" does not match baton.dev/webhook-branches: main',
    },
    {
      name: "a push that deleted its branch",
      t: trigger(["push"], []),
      event: "push",
      payload: pushPayload({ deleted: true, after: "0000000000000000000000000000000000000000" }),
      ignored: "push deleted refs/heads/main: there is nothing to run",
    },
  ])("$name", ({ t, event, payload, ignored }) => {
    expect(whyIgnored(t, event, payload)).toBe(ignored);
  });
});
