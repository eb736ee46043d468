/**
 * IANA time zones through the JavaScript runtime's own database (Intl), as Go's time.LoadLocation
 * reads the system's. Intl also accepts names in any case ("america/new_york"), which Go does not
 * (zone names are file names), so a name that differs from its canonical form only in case is refused.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
    });
    formats.set(zone, f);
  }
  return f;
}

/** Undefined if the zone is known, else Go's message. "Local" is the engine's own zone, as in Go. */
export function timeZoneProblem(zone: string): string | undefined {
  if (zone === "" || zone === "Local") return undefined;
  let canonical: string;
  try {
    canonical = formatFor(zone).resolvedOptions().timeZone;
  } catch {
    return `unknown time zone ${zone}`;
  }
  if (canonical !== zone && canonical.toLowerCase() === zone.toLowerCase()) return `unknown time zone ${zone}`;
  return undefined;
}

/** The offset of a zone from UTC at an instant, in minutes (east positive). */
function offsetMinutes(at: number, zone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatFor(zone).formatToParts(new Date(at))) if (p.type !== "literal") parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts["year"]!, parts["month"]! - 1, parts["day"]!, parts["hour"]!, parts["minute"]!, parts["second"]!);
  return Math.round((wall - (at - (((at % 1000) + 1000) % 1000))) / 60_000);
}

/**
 * Go's `t.In(zone).Format(time.RFC3339)`: whole seconds, `Z` for UTC, else the zone's offset
 * (`2026-03-08T01:59:00-08:00`, `Z` for a zero offset). No zone (or "", as Go's LoadLocation("")) means UTC.
 */
export function formatRfc3339(at: number, zone?: string): string {
  const offset = zone === undefined || zone === "" || zone === "UTC" ? 0 : offsetMinutes(at, zone === "Local" ? localZone() : zone);
  const wall = new Date(Math.floor(at / 1000) * 1000 + offset * 60_000).toISOString().slice(0, 19);
  if (offset === 0) return `${wall}Z`; // Go's "Z07:00" writes Z for any zero offset
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** The zone the engine runs in: a schedule without a zone is read in it, as Kubernetes reads it in the controller's. */
export function localZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}
