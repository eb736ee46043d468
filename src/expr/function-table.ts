import { ExprError } from "./errors.js";

export type Implementation = (args: unknown[], name: string) => unknown;

export interface ExprFunction {
  readonly min: number;
  readonly max: number;
  readonly call: Implementation;
}

/** A function taking `min` to `max` arguments (max Infinity for variadic). */
export function fn(min: number, max: number, call: Implementation): ExprFunction {
  return { min, max, call };
}

export function callFunction(name: string, f: ExprFunction, args: unknown[]): unknown {
  if (args.length < f.min || args.length > f.max) {
    const wanted = f.min === f.max ? `${f.min}` : f.max === Infinity ? `at least ${f.min}` : `${f.min} to ${f.max}`;
    throw new ExprError(`${name}() takes ${wanted} argument${wanted === "1" ? "" : "s"}, got ${args.length}`);
  }
  return f.call(args, name);
}
