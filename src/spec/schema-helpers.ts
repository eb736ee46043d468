import { z } from "zod";

/** Building blocks of the per-kind zod schemas. Schemas check structure and types only; rules live in validators. */

const int32Min = -2147483648;
const int32Max = 2147483647;

/** Kubernetes' int32 fields. */
export const int32 = () => z.number().int().min(int32Min).max(int32Max).optional();
/** Kubernetes' int64 fields (as far as a JavaScript number holds them exactly). */
export const int64 = () => z.number().int().optional();
export const string = () => z.string().optional();
export const boolean = () => z.boolean().optional();
export const stringList = () => z.array(z.string()).optional();
export const stringMap = () => z.record(z.string(), z.string()).optional();

/** A Kubernetes field that Baton accepts and ignores without a word (scheduling hints, image pull settings, …). */
export const ignored = () => z.unknown().optional();

/** A Kubernetes field that Baton accepts with a warning: it would change what happens on a cluster, not here. */
export const noEffect = (why: string) =>
  z
    .unknown()
    .check(
      z.superRefine((_value, ctx) => {
        ctx.addIssue({ code: "custom", message: why, params: { severity: "warning", at: "key" } });
      }),
    )
    .optional();

/** Known Kubernetes fields of one object that the local engine does not use. */
export interface UnusedFields<I extends string = string, N extends string = string> {
  /** Accepted silently. */
  readonly ignored: readonly I[];
  /** Accepted with a warning that names the field. */
  readonly noEffect: readonly N[];
}

type Unused = z.ZodOptional<z.ZodUnknown>;

/** Shape entries for an object's unused fields, to spread into its `z.strictObject({...})`. */
export function unusedFields<I extends string, N extends string>(fields: UnusedFields<I, N>): Record<I | N, Unused> {
  const shape: Partial<Record<I | N, Unused>> = {};
  for (const name of fields.ignored) shape[name] = ignored();
  for (const name of fields.noEffect) {
    shape[name] = noEffect(`"${name}" has no effect on the local engine, which runs commands on the host`);
  }
  return shape as Record<I | N, Unused>;
}
