import { z } from "zod";

// What an alert rule can ask to hear about, in the admin's words. Each "down" opens an incident of its subject and
// each matching "up" closes it; drift opens on drifted and closes on back in sync; a push rolled back is one notice.

export const ALERT_EVENTS = [
  "link_down",
  "link_up",
  "backend_down",
  "backend_up",
  "device_unreachable",
  "device_reachable",
  "drift",
  "push_rolled_back",
] as const;
export const ZAlertEvent = z.enum(ALERT_EVENTS);
export type AlertEvent = z.infer<typeof ZAlertEvent>;

export const ALERT_EVENT_LABELS: Record<AlertEvent, string> = {
  link_down: "Link down",
  link_up: "Link back up",
  backend_down: "Backend down",
  backend_up: "Backend back up",
  device_unreachable: "Device unreachable",
  device_reachable: "Device reachable again",
  drift: "Drift (device changed outside Waymark) and back in sync",
  push_rolled_back: "Push rolled back",
};

/** "link" | "backend" | "device" (reachability, drift) | "push" (a rolled back push). */
export const ALERT_SUBJECTS = ["link", "backend", "device", "push"] as const;
export type AlertSubject = (typeof ALERT_SUBJECTS)[number];
