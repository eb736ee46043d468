import { readFileSync } from "node:fs";

/** How a webhook's secret is found: in the server's environment or in a file. */
export interface WebhookSecrets {
  fromEnv(name: string): string | undefined;
  fromFile(path: string): string | undefined;
}

export const processSecrets: WebhookSecrets = {
  fromEnv: (name) => process.env[name],
  fromFile: (path) => {
    try {
      return readFileSync(path, "utf8").trim();
    } catch {
      return undefined;
    }
  },
};
