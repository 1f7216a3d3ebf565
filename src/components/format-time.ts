// One date and time format everywhere: ISO order, 24-hour clock, seconds, and the zone it is in, because admins
// compare these times with router logs and with each other ("2026-12-05 14:02:11 UTC"). Server components format in
// the server's zone, client components in the browser's; the zone name says which.

const DATE_TIME = new Intl.DateTimeFormat("sv-SE", {
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
  timeZoneName: "short",
});

const TIME = new Intl.DateTimeFormat("sv-SE", { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });

type Instant = Date | string | number;

/** "2026-12-05 14:02:11 UTC" */
export function formatDateTime(at: Instant): string {
  return DATE_TIME.format(new Date(at));
}

/** "14:02:11", for times within the day on screen (live views); the full form is its title. */
export function formatTime(at: Instant): string {
  return TIME.format(new Date(at));
}
