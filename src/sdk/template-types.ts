import type { ParameterManifest, ParameterValue, TemplateManifest } from "./manifest.js";

declare const inputsBrand: unique symbol;

/**
 * A template as the builders make it: a plain `TemplateManifest`, plus (for the type checker only)
 * the names of its input parameters `P` and those without a default `R`, so that a step or task
 * that calls it must pass exactly those.
 */
export type Template<P extends string = string, R extends P = P> = TemplateManifest & {
  readonly [inputsBrand]?: { names: P; required: R };
};

/** The input names of a template type, and those a call must pass; a template not made by a builder takes any. */
export type InputNamesOf<T> = T extends { readonly [inputsBrand]?: { names: infer P } } ? ([P] extends [string] ? P : string) : string;
export type RequiredInputsOf<T> = T extends { readonly [inputsBrand]?: { required: infer R } } ? ([R] extends [string] ? R : never) : never;

/** Any template, whatever its inputs. */
export type AnyTemplate = Template<string, string>;
/** A template that can run without arguments: every input has a default. */
export type TemplateWithoutArguments = Template<string, never>;

/** An input parameter: a name, or the parameter with its default, enum and description. */
export type InputOption = string | (Omit<ParameterManifest, "enum" | "valueFrom"> & { enum?: readonly ParameterValue[] });

export type InputNames<I> = I extends string ? I : I extends { name: infer N extends string } ? N : never;
export type RequiredInputs<I> = I extends string
  ? I
  : I extends { default: unknown } | { value: unknown }
    ? never
    : I extends { name: infer N extends string }
      ? N
      : never;

/** `arguments.parameters` of a call: by name (checked against the template's inputs) or as Argo's list. */
export type ParameterArguments<P extends string, R extends string> = [P] extends [never]
  ? Record<string, never> | []
  : | ({ [K in R]: ParameterValue } & { [K in Exclude<P, R>]?: ParameterValue })
  | ParameterManifest[];

/** Parameters by name, or Argo's list of `{ name, value }`. */
export type ParameterList = Record<string, ParameterValue> | ParameterManifest[];
