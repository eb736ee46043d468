import { styleText } from "node:util";

type Format = Parameters<typeof styleText>[0];

/** Colours only on a terminal, and never when NO_COLOR is set. */
export function makeStyle(stream: NodeJS.WriteStream): (format: Format, text: string) => string {
  const on = stream.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== "dumb";
  return on ? (format, text) => styleText(format, text) : (_format, text) => text;
}

const PALETTE = ["cyan", "magenta", "yellow", "blue", "green", "redBright", "cyanBright", "magentaBright"] as const;

export function colourFor(key: string): (typeof PALETTE)[number] {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) >>> 0;
  return PALETTE[h % PALETTE.length]!;
}

export function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms / 1000)}s`;
}
