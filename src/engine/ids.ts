/**
 * Names and uids the engine gives to the pods it creates. The engine has no randomness: both are
 * derived from the owner's uid and a sequence number, so a replay gives the same names.
 */
const SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"; // Kubernetes' generateName alphabet

function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function nameSuffix(seed: string): string {
  let h = fnv1a(seed);
  let out = "";
  for (let i = 0; i < 5; i++) {
    out += SUFFIX_ALPHABET[h % SUFFIX_ALPHABET.length];
    h = (Math.floor(h / SUFFIX_ALPHABET.length) ^ fnv1a(out, h)) >>> 0;
  }
  return out;
}

/** A uid in the 8-4-4-4-12 shape of Kubernetes' uids. */
export function derivedUid(seed: string): string {
  const hex = [0, 1, 2, 3].map((i) => fnv1a(seed, 0x811c9dc5 + i * 7919).toString(16).padStart(8, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
