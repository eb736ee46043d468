import { z } from "zod";

/** Building blocks of the Workflow schemas: Argo's loosely typed fields, and the fields Baton refuses. */

/** Argo's `AnyString` (parameter values, enum entries): YAML numbers and booleans are read as their text. */
export const anyString = () =>
  z.union([z.string(), z.number(), z.boolean()], { error: "must be a string, a number or true/false" }).optional();

/** Argo's `IntOrString` (retry limits, deadlines, sequence bounds). */
export const intOrString = () => z.union([z.number().int(), z.string()], { error: "must be an integer or a string" }).optional();

/** A field that Baton refuses because running without it would give other results than Argo. */
export const notSupported = (field: string, why?: string) =>
  z
    .unknown()
    .check(
      z.superRefine((_value, ctx) => {
        ctx.addIssue({ code: "custom", message: notSupportedMessage(field, why) });
      }),
    )
    .optional();

export function notSupportedMessage(field: string, why?: string): string {
  return `"${field}" is not supported by Baton${why ? `: ${why}` : ""}`;
}

/** Shape entries for refused fields, to spread into a `z.strictObject({...})`. */
export function notSupportedFields<N extends string>(fields: Readonly<Record<N, string | undefined>>): Record<N, ReturnType<typeof notSupported>> {
  const shape: Partial<Record<N, ReturnType<typeof notSupported>>> = {};
  for (const [name, why] of Object.entries(fields) as [N, string | undefined][]) shape[name] = notSupported(name, why);
  return shape as Record<N, ReturnType<typeof notSupported>>;
}

/** The text of an `AnyString` or `IntOrString` value. */
export function textOf(value: string | number | boolean | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}
