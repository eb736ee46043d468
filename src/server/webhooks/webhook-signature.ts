import { verify } from "@octokit/webhooks-methods";

/**
 * GitHub's signature header: `sha256=` and the hex HMAC-SHA256 of the body under the shared secret. The
 * generic flavour uses it too, so anything that can sign for GitHub (or `openssl dgst -sha256 -hmac`)
 * can call a generic webhook.
 */
export const SIGNATURE_HEADER = "X-Hub-Signature-256";

/** Whether the signature holds, compared in constant time; a malformed header is simply not a match. */
export async function checkSignature(secret: string, body: string, signature: string): Promise<boolean> {
  if (secret === "" || body === "" || signature === "") return false;
  return verify(secret, body, signature.trim());
}
