import type { Notice } from "@/lib/domain/alerts/notice";
import { utcTime } from "@/lib/domain/alerts/words";
import type { AlertLinks } from "./outcome";

// The e-mail of a notice: subject "[Waymark] edge-01: wan1 down", a plain-text body (what, when the device saw it,
// the timeline, links) and the same as simple HTML for mail readers that prefer it.

export function mailSubject(notice: Notice): string {
  const test = notice.phase === "test" ? " (test)" : "";
  return `[Waymark] ${notice.device.name}: ${notice.title}${test}`;
}

const isoUtc = (ms: number) => `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;

function timelineLines(notice: Notice): string[] {
  return notice.timeline.map((t) => `${utcTime(t.atMs)}  ${t.previous ?? "?"} → ${t.state}${t.detail === "" ? "" : `  (${t.detail})`}`);
}

export function mailText(notice: Notice, links: AlertLinks): string {
  const lines =
    notice.phase === "test"
      ? [notice.text, "", `Sent: ${isoUtc(notice.openedAtMs)}`]
      : [
          notice.text,
          "",
          `Detected by the device: ${isoUtc(notice.detectedAtMs)}`,
          `Alert opened: ${isoUtc(notice.openedAtMs)}`,
          ...(notice.resolvedAtMs === null ? [] : [`Resolved: ${isoUtc(notice.resolvedAtMs)}`]),
        ];
  const timeline = timelineLines(notice);
  if (timeline.length > 0) lines.push("", "Timeline (device clock):", ...timeline.map((l) => `  ${l}`));
  lines.push("", ...(notice.phase === "test" ? [] : [`Device: ${links.device}`]), `Alerts: ${links.alerts}`, "", "— Waymark");
  return lines.join("\n");
}

const html = (text: string) => text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

export function mailHtml(notice: Notice, links: AlertLinks): string {
  const rows = timelineLines(notice)
    .map((l) => `<li>${html(l)}</li>`)
    .join("");
  return [
    `<p><strong>${html(`${notice.device.name}: ${notice.title}`)}</strong></p>`,
    `<p>${html(notice.text)}</p>`,
    notice.phase === "test" ? "" : `<p>Detected by the device: ${html(isoUtc(notice.detectedAtMs))}</p>`,
    rows === "" ? "" : `<p>Timeline (device clock):</p><ul style="font-family:monospace">${rows}</ul>`,
    notice.phase === "test"
      ? `<p><a href="${html(links.alerts)}">Alerts in Waymark</a></p>`
      : `<p><a href="${html(links.device)}">Open ${html(notice.device.name)} in Waymark</a> · <a href="${html(links.alerts)}">All alerts</a></p>`,
  ].join("\n");
}
