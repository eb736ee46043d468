import type { ParameterManifest, ParametersManifest } from "./manifest.js";
import type { InputOption, ParameterList } from "./template-types.js";

/** A copy without the fields that are undefined, so that output reads as the YAML would. */
export function defined<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as T;
}

/** `{ a: 1 }` or `[{ name: "a", value: 1 }]` → Argo's parameter list. */
export function parameterList(parameters: ParameterList): ParameterManifest[] {
  if (Array.isArray(parameters)) return parameters.map((p) => defined({ ...p }));
  return Object.entries(parameters).map(([name, value]) => ({ name, value }));
}

export function inputParameters(inputs: readonly InputOption[] | undefined): ParametersManifest | undefined {
  if (inputs === undefined) return undefined;
  return {
    parameters: inputs.map((input) =>
      typeof input === "string" ? { name: input } : defined({ ...input, enum: input.enum === undefined ? undefined : [...input.enum] }),
    ),
  };
}

export function outputParameters(outputs: ParameterManifest[] | undefined): ParametersManifest | undefined {
  return outputs === undefined ? undefined : { parameters: outputs.map((p) => defined({ ...p })) };
}
