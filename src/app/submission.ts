import { createHash, randomBytes, randomUUID } from "node:crypto";
import { GENERATE_NAME_ALPHABET as ALPHABET, type Resource } from "../model/index.js";

function randomSuffix(): string {
  return [...randomBytes(5)].map((b) => ALPHABET[b % ALPHABET.length]).join("");
}

/** A digest of what was submitted, so that running the same input again can resume it. */
export function digestOf(resources: Resource[]): string {
  return createHash("sha256").update(JSON.stringify(resources)).digest("hex");
}

/** What the API server would do on create: uid, creationTimestamp, and a name from generateName. */
export function materialize(resources: Resource[], now: number): Resource[] {
  const iso = new Date(now).toISOString();
  return resources.map((r) => {
    const copy = structuredClone(r);
    copy.metadata.uid = randomUUID();
    copy.metadata.creationTimestamp = iso;
    if (!copy.metadata.name && copy.metadata.generateName) copy.metadata.name = copy.metadata.generateName + randomSuffix();
    return copy;
  });
}

export function newRunId(now: number): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, "").replace(/\..*/, "");
  return `run-${stamp}-${randomSuffix()}`;
}
