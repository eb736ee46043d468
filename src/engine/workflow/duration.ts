import { parseDuration } from "../../spec/index.js";

/** Argo's durations in milliseconds: "30s", "2m", "1h30m", or a plain number of seconds; undefined if neither. */
export function argoDurationMs(text: string): number | undefined {
  return /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text) * 1000 : parseDuration(text.trim());
}
