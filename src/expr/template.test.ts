import { describe, expect, it } from "vitest";
import { ExprError, parseTemplate, substitute, templateReferences } from "./index.js";

/** A lookup over a fixed set of variables, as the engine would build for one node. */
const variables = (values: Record<string, string>) => (name: string) => (Object.hasOwn(values, name) ? values[name] : undefined);

/** The message of the ExprError that `run` throws. */
function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ExprError) return error.message;
    throw error;
  }
  throw new Error("expected an ExprError");
}

const scope = variables({
  "inputs.parameters.message": "hello world",
  "inputs.parameters.my-param": "7",
  "steps.flip-coin.outputs.result": "heads",
  "workflow.name": "hello-abc12",
  item: '{"name":"a","size":3}',
  retries: "2",
});

describe("parseTemplate", () => {
  it.each([
    ["plain text", "echo hi", [{ kind: "text", text: "echo hi" }]],
    ["a simple tag", "{{inputs.parameters.message}}", [{ kind: "ref", name: "inputs.parameters.message" }]],
    ["spaces inside the braces are trimmed", "{{ workflow.name }}", [{ kind: "ref", name: "workflow.name" }]],
    ["an expression tag", "{{=asInt(retries) + 1}}", [{ kind: "expr", source: "asInt(retries) + 1" }]],
    ["a spaced expression tag", "{{ = item.name }}", [{ kind: "expr", source: "item.name" }]],
    ["text around tags", "a {{x}} b {{=y}}", [
      { kind: "text", text: "a " }, { kind: "ref", name: "x" }, { kind: "text", text: " b " }, { kind: "expr", source: "y" },
    ]],
    ["a lone closing brace pair is text", "}} {", [{ kind: "text", text: "}} {" }]],
  ])("%s", (_name, text, parts) => {
    expect(parseTemplate(text)).toEqual(parts);
  });

  it.each([
    ["echo {{x", 'unterminated "{{" at column 6'],
    ["line one\nsay {{x", 'unterminated "{{" at line 2, column 5'],
  ])("rejects %j", (text, message) => {
    expect(failure(() => parseTemplate(text))).toBe(message);
  });

  it("returns the same frozen parts for the same text", () => {
    const parts = parseTemplate("{{a}} and {{b}}");
    expect(parseTemplate("{{a}} and {{b}}")).toBe(parts);
    expect(Object.isFrozen(parts)).toBe(true);
  });
});

describe("substitute", () => {
  it.each([
    ["text without tags", "echo hi", "echo hi"],
    ["a parameter", "echo {{inputs.parameters.message}}", "echo hello world"],
    ["a step output with a hyphen", "{{steps.flip-coin.outputs.result}}", "heads"],
    ["spaces in a tag", "{{ workflow.name }}", "hello-abc12"],
    ["an expression with indexing", "{{=inputs.parameters['my-param']}}", "7"],
    ["integer arithmetic prints no .0", "{{=asInt(retries) * 2}}", "4"],
    ["division gives a float", "{{=asInt(retries) / 4}}", "0.5"],
    ["a boolean", "{{=retries == '2'}}", "true"],
    ["a list as JSON", "{{=filter([1, 2], { # > 1})}}", "[2]"],
    ["a field of a JSON item", "{{=item.name}}-{{=item.size + 1}}", "a-4"],
    ["the item itself, as written", "{{item}}", '{"name":"a","size":3}'],
    ["a string result as is", '{{=sprig.upper(steps["flip-coin"].outputs.result)}}', "HEADS"],
  ])("%s", (_name, text, expected) => {
    expect(substitute(text, scope)).toBe(expected);
  });

  it("returns a string without tags untouched", () => {
    const text = "no tags here";
    expect(substitute(text, () => { throw new Error("lookup must not be called"); })).toBe(text);
  });

  it.each([
    ["an unknown name", "{{inputs.parameters.nope}}", 'unknown variable "inputs.parameters.nope"'],
    ["an expression reading an unknown name", "{{=tasks.A.outputs.result}}", 'unknown variable "tasks.A.outputs.result"'],
    ["a type error", "{{=retries + 1}}", "invalid operation: string + int"],
    ["a nil result", "{{=nil}}", 'expression "nil" evaluated to nil'],
  ])("throws for %s", (_name, text, message) => {
    expect(failure(() => substitute(text, scope))).toBe(message);
  });

  it.each([
    ["an unknown simple tag", "a {{ tasks.A.outputs.result }} b", "a {{ tasks.A.outputs.result }} b"],
    ["an expression that reads an unknown name", "{{= tasks.A.outputs.result + 'x' }}", "{{= tasks.A.outputs.result + 'x' }}"],
    ["known tags beside unknown ones", "{{workflow.name}}/{{pod.name}}", "hello-abc12/{{pod.name}}"],
  ])("with keepUnknown leaves %s as written", (_name, text, expected) => {
    expect(substitute(text, scope, { keepUnknown: true })).toBe(expected);
  });

  it("with keepUnknown still throws for errors that are not unknown variables", () => {
    expect(failure(() => substitute("{{=retries + 1}}", scope, { keepUnknown: true }))).toBe("invalid operation: string + int");
  });
});

describe("templateReferences", () => {
  it.each([
    ["no tags", "echo", []],
    ["simple tags as written, once each", "{{a.b}} {{ c-d }} {{a.b}}", ["a.b", "c-d"]],
    ["member chains in expressions", "{{=inputs.parameters.x + inputs.parameters['my-param']}}", ["inputs.parameters.x", "inputs.parameters.my-param"]],
    ["bracketed step names", "{{=steps['flip-coin'].outputs.result == 'heads'}}", ["steps.flip-coin.outputs.result"]],
    ["arguments, not function names", "{{=sprig.trim(asInt(retries))}}", ["retries"]],
    ["the list of a predicate, not #", "{{=filter(fromJson(item), {#.size > 1})}}", ["item"]],
    ["the base of a computed index", "{{=fromJson(item)[workflow.name]}}", ["item", "workflow.name"]],
    ["both sides of ??", "{{=workflow.parameters.x ?? 'y'}}", ["workflow.parameters.x"]],
  ])("%s", (_name, text, names) => {
    expect(templateReferences(text)).toEqual(names);
  });
});
