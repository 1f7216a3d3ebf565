import "server-only";
import { Counter, Gauge, Registry } from "prom-client";
import type { DeviceReading } from "@/lib/domain/device/reading";
import type { DeviceLive } from "@/lib/domain/monitor/live";
import type { SiteLive } from "@/lib/domain/site/live";
import { type MetricsSite, siteExposition } from "./site-metrics";

// What the monitor knows, as Prometheus exposition, in the shape of the RouterOS exporters (ros-exporter's
// mikrotik_up / _scrape_duration_seconds / _last_scrape_error, mktxp's per-router labels): per device up, poll
// duration and last error; per link state, probe loss and round-trip time; rule, link and backend counters as
// `_total`. Built from the live bus on every scrape in a fresh Registry (never prom-client's process-wide default
// registry, whose Node metrics would mix a scrape of one instance into the fleet's), so a device removed from the
// inventory disappears at once. Counters are the device's own cumulative values, not counts since Waymark started:
// Prometheus's rate() handles their resets (reboot, reset-counters).

export type MetricsDevice = { id: string; name: string; kind: string };

const EXACT = "The device's 64-bit cumulative counter; exact up to 2^53, rounded to the nearest float above.";
const LINK_STATES = ["up", "degraded", "down", "unknown"] as const;
const BACKEND_STATES = ["up", "down", "drain", "disabled", "unknown"] as const;

export type SitesKnown = { sites: readonly MetricsSite[]; latest: (siteId: string) => SiteLive | null };

export async function exposition(
  devices: readonly MetricsDevice[],
  latest: (deviceId: string) => DeviceLive | null,
  sites: SitesKnown = { sites: [], latest: () => null },
): Promise<string> {
  const registry = new Registry();
  const m = metricSet(registry);
  siteExposition(registry, sites.sites, sites.latest);
  for (const device of devices) {
    const live = latest(device.id);
    const name = device.name;
    m.deviceUp.set({ device: name, kind: device.kind }, live?.state === "ok" ? 1 : 0);
    if (!live) continue;
    m.pollState.set({ device: name, state: live.state }, 1);
    if (live.state !== "ok" && live.state !== "starting" && live.state !== "paused") m.lastError.set({ device: name, error: live.state }, 1);
    if (live.pollMs !== null) m.pollDuration.set({ device: name }, live.pollMs / 1000);
    m.interval.set({ device: name }, live.intervalMs / 1000);
    if (live.reading) readingMetrics(m, name, live.reading);
  }
  return registry.metrics();
}

export const CONTENT_TYPE = new Registry().contentType;

type Metrics = ReturnType<typeof metricSet>;

function readingMetrics(m: Metrics, device: string, reading: DeviceReading): void {
  m.readAt.set({ device }, reading.readAtMs / 1000);
  m.drifted.set({ device }, reading.drift.drifted ? 1 : 0);
  for (const link of reading.links) {
    const labels = { device, link: link.name };
    m.linkUp.set(labels, link.state === "up" || link.state === "degraded" ? 1 : 0);
    for (const state of LINK_STATES) m.linkState.set({ ...labels, state }, link.state === state ? 1 : 0);
    if (link.lossPercent !== null) m.linkLoss.set(labels, link.lossPercent / 100);
    if (link.rttMs !== null) m.linkRtt.set(labels, link.rttMs / 1000);
    count(m.linkNew, labels, link.newConnections);
    count(m.linkTxBytes, labels, link.out?.bytes);
    count(m.linkTxPackets, labels, link.out?.packets);
    count(m.linkRxBytes, labels, link.in?.bytes);
    count(m.linkRxPackets, labels, link.in?.packets);
    if (link.openConnections !== null) m.linkOpen.set(labels, link.openConnections);
  }
  for (const backend of reading.backends) {
    const labels = { device, pool: backend.pool, backend: backend.name };
    m.backendUp.set(labels, backend.probe === "up" ? 1 : 0);
    for (const state of BACKEND_STATES) m.backendState.set({ ...labels, state }, backend.state === state ? 1 : 0);
    count(m.backendNew, labels, backend.newConnections);
    if (backend.openConnections !== null) m.backendOpen.set(labels, backend.openConnections);
  }
  // Only Waymark's own rules: the admin's can number in the thousands and come and go; Waymark's are its plan's.
  for (const rule of reading.rules) {
    if (!rule.ownedByWaymark) continue;
    const labels = { device, table: rule.table, chain: rule.chain, rule: rule.key };
    count(m.rulePackets, labels, rule.packets);
    count(m.ruleBytes, labels, rule.bytes);
  }
}

function count<L extends string>(counter: Counter<L>, labels: Record<L, string>, value: string | null | undefined): void {
  if (value === null || value === undefined) return;
  counter.inc(labels, Number(value));
}

function metricSet(registry: Registry) {
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Gauge<L>({ name, help, labelNames, registers: [registry] });
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter<L>({ name, help: `${help} ${EXACT}`, labelNames, registers: [registry] });
  const link = ["device", "link"] as const;
  const backend = ["device", "pool", "backend"] as const;
  const rule = ["device", "table", "chain", "rule"] as const;
  return {
    deviceUp: gauge("waymark_device_up", "1 when the last poll of the device succeeded, else 0.", ["device", "kind"]),
    pollState: gauge("waymark_device_poll_state", "How polling the device goes (the one state with value 1).", ["device", "state"]),
    lastError: gauge("waymark_device_last_poll_error", "1 for why the last poll failed (unreachable, timed_out, auth_failed, ...).", ["device", "error"]),
    pollDuration: gauge("waymark_poll_duration_seconds", "How long the last poll of the device took.", ["device"]),
    interval: gauge("waymark_poll_interval_seconds", "How often the device is polled.", ["device"]),
    readAt: gauge("waymark_device_last_reading_timestamp_seconds", "When the device was last read successfully.", ["device"]),
    drifted: gauge("waymark_device_drifted", "1 when the device's Waymark objects differ from the pushed plan.", ["device"]),
    linkUp: gauge("waymark_link_up", "1 when the link carries traffic (up or degraded), else 0.", link),
    linkState: gauge("waymark_link_state", "The link's health (the one state with value 1).", [...link, "state"]),
    linkLoss: gauge("waymark_link_probe_loss_ratio", "Share of the link's health probes lost, 0 to 1, where the device measures it.", link),
    linkRtt: gauge("waymark_link_probe_rtt_seconds", "Round-trip time of the link's health probes, where the device measures it.", link),
    linkOpen: gauge("waymark_link_open_connections", "Connections the device tracks on the link now.", link),
    linkNew: counter("waymark_link_new_connections_total", "New connections given to the link.", link),
    linkTxBytes: counter("waymark_link_transmit_bytes_total", "Bytes sent out of the link.", link),
    linkTxPackets: counter("waymark_link_transmit_packets_total", "Packets sent out of the link.", link),
    linkRxBytes: counter("waymark_link_receive_bytes_total", "Bytes received on the link.", link),
    linkRxPackets: counter("waymark_link_receive_packets_total", "Packets received on the link.", link),
    backendUp: gauge("waymark_backend_up", "1 when the backend's health probe answers, whatever its state.", backend),
    backendState: gauge("waymark_backend_state", "The backend's state (the one with value 1): drain and disabled are the admin's.", [...backend, "state"]),
    backendNew: counter("waymark_backend_new_connections_total", "New connections sent to the backend.", backend),
    backendOpen: gauge("waymark_backend_open_connections", "Connections the device tracks to the backend now, closing ones not counted.", backend),
    rulePackets: counter("waymark_rule_packets_total", "Packets matched by one of Waymark's rules.", rule),
    ruleBytes: counter("waymark_rule_bytes_total", "Bytes matched by one of Waymark's rules.", rule),
  };
}
