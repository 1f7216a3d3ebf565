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
  "site_node_dead",
  "site_node_alive",
  "anycast_route_withdrawn",
  "anycast_route_announced",
  "bgp_session_down",
  "bgp_session_up",
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
  site_node_dead: "Shared VIP node dead (its peers no longer hear it)",
  site_node_alive: "Shared VIP node alive again",
  anycast_route_withdrawn: "Anycast route withdrawn by a server",
  anycast_route_announced: "Anycast route announced again",
  bgp_session_down: "BGP session down",
  bgp_session_up: "BGP session back up",
};

/**
 * "link" | "backend" | "device" (reachability, drift) | "push" (a rolled back push); the device as a site member:
 * "node" (shared VIP), "route" (anycast), "bgp" (a session), named by the site (and the protocol).
 */
export const ALERT_SUBJECTS = ["link", "backend", "device", "push", "node", "route", "bgp"] as const;
export type AlertSubject = (typeof ALERT_SUBJECTS)[number];
