/**
 * Names and uids the engine gives to the pods it creates. The engine has no randomness: both are
 * derived from the owner's uid and a sequence number, so a replay gives the same names, and the
 * uids of every pod a Job ever created can be listed again (TTL deletion needs that).
 */
import { GENERATE_NAME_ALPHABET } from "../model/index.js";


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
    out += GENERATE_NAME_ALPHABET[h % GENERATE_NAME_ALPHABET.length];
    h = Math.floor(h / GENERATE_NAME_ALPHABET.length);
  }
  return out;
}

export function podUid(ownerUid: string, seq: number): string {
  return uidOf(fnv1a(ownerUid), seq);
}

const HEX_CODES = [..."0123456789abcdef"].map((c) => c.charCodeAt(0));
const DASH = "-".charCodeAt(0);

/**
 * A uid in the 8-4-4-4-12 shape of Kubernetes' uids: 128 bits from four mixed words. Built from
 * character codes as one flat string: joining hex pieces leaves a tree of fragments that V8 keeps
 * as it is (a map key, a stored row), which costs memory and time with every pod.
 */
function uidOf(owner: number, seq: number): string {
  const codes: number[] = [];
  for (let lane = 0; lane < 4; lane++) {
    const w = word(owner, seq, lane);
    for (let shift = 28; shift >= 0; shift -= 4) {
      if (codes.length === 8 || codes.length === 13 || codes.length === 18 || codes.length === 23) codes.push(DASH);
      codes.push(HEX_CODES[(w >>> shift) & 15]!);
    }
  }
  return String.fromCharCode(...codes);
}
