// Netwatch `since` as the router prints it, in the router's local time (it sends no zone), to ISO 8601 read as UTC.
//   7.10 and later: "2026-11-20 10:00:00"      before 7.10 (and v6): "nov/20/2026 10:00:00"
// (netwatch page of the v7 manual: "since — when state of the host changed last time"; formats seen in the
// 7.10 and 6.48 exports' scheduler start-date lines, which use the same clock.)

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

export function routerDateToIso(value: string | null): string | null {
  if (!value) return null;
  const iso = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(value);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}T${iso[4]}:${iso[5]}:${iso[6]}Z`;
  const old = /^([a-z]{3})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})$/.exec(value.toLowerCase());
  const month = old ? MONTHS.indexOf(old[1]!) : -1;
  if (!old || month < 0) return null;
  return `${old[3]}-${String(month + 1).padStart(2, "0")}-${old[2]}T${old[4]}:${old[5]}:${old[6]}Z`;
}
