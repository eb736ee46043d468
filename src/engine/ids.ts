/**
 * Names and uids the engine gives to the pods it creates. The engine has no randomness: both are
 * derived from the owner's uid and a sequence number, so a replay gives the same names, and the
 * uids of every pod a Job ever created can be listed again (TTL deletion needs that).
 */
const SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"; // Kubernetes' generateName alphabet

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** murmur3's finaliser: spreads every input bit over the 32 output bits. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function word(owner: number, seq: number, lane: number): number {
  return mix(owner ^ mix(seq + Math.imul(lane, 0x9e3779b9)));
}

/** The name suffix and uid of the `seq`-th pod of an owner, from one hash of the owner's uid. */
export function podIdentity(ownerUid: string, seq: number): { suffix: string; uid: string } {
  const owner = fnv1a(ownerUid);
  return { suffix: suffixOf(word(owner, seq, 7)), uid: uidOf(owner, seq) };
}

/** Five characters of Kubernetes' alphabet, as generateName appends. */
function suffixOf(h: number): string {
  let out = "";
  for (let i = 0; i < 5; i++) {
    out += SUFFIX_ALPHABET[h % 27];
    h = Math.floor(h / 27);
  }
  return out;
}

export function podUid(ownerUid: string, seq: number): string {
  return uidOf(fnv1a(ownerUid), seq);
}

const hex8 = (n: number): string => n.toString(16).padStart(8, "0");

/** A uid in the 8-4-4-4-12 shape of Kubernetes' uids: 128 bits from four mixed words. */
function uidOf(owner: number, seq: number): string {
  const a = hex8(word(owner, seq, 0));
  const b = hex8(word(owner, seq, 1));
  const c = hex8(word(owner, seq, 2));
  const d = hex8(word(owner, seq, 3));
  return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
}
