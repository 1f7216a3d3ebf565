// CSV for the exports (history, audit log), as spreadsheets read it: RFC 4180 quoting, CRLF line ends, and every
// cell that a spreadsheet would run as a formula (= + - @, and tab or CR that some treat the same) prefixed with '
// so an exported reason like "=HYPERLINK(...)" stays text (OWASP "CSV injection").

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? "" : String(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return [header, ...rows]
    .map((row) => row.map(csvCell).join(","))
    .join("\r\n")
    .concat("\r\n");
}
