/** The wording of validation messages, close to Kubernetes' own (`field.Required`, `field.NotSupported`, …). */

export function quote(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

export function quoteList(values: readonly unknown[]): string {
  return values.map(quote).join(", ");
}

export const message = {
  required: (detail?: string) => (detail ? `Required value: ${detail}` : "Required value"),
  unsupported: (value: unknown, supported: readonly string[]) =>
    `Unsupported value: ${quote(value)}: supported values: ${quoteList(supported)}`,
  invalid: (value: unknown, detail: string) => `Invalid value: ${quote(value)}: ${detail}`,
  duplicate: (value: unknown) => `Duplicate value: ${quote(value)}`,
  atLeast: (min: number, value: number) => `must be >= ${min} (got ${value})`,
  atMost: (max: number, value: number, when?: string) =>
    `must be <= ${max}${when ? ` ${when}` : ""} (got ${value})`,
  positive: (value: number) => `must be > 0 (got ${value})`,
  tooMany: (count: number, max: number) => `Too many: ${count}: must have at most ${max} items`,
  tooLong: (length: number, max: number) => `Too long: may not be more than ${max} characters (got ${length})`,
} as const;
