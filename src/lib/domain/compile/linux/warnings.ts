import { detectionWords, recoveryWords, type Intent } from "../../intent";
import { ipv4ToNumber, prefixSize } from "../../network";
import type { PlanWarning } from "../../plan";
import type { LinuxFlavour } from "./types";

// What the Linux compiler adds to intentWarnings: limits of the target and pins that can never apply.

export function linuxWarnings(intent: Intent, flavour: LinuxFlavour): PlanWarning[] {
  return [...intent.links.map(detectionWarning), ...markWarnings(intent, flavour), ...pinWarnings(intent), ...alertWarnings(intent)];
}

// The on-gateway monitor (assets/monitor.sh) is the prober the intent's failover model (failoverTimesMs) describes.
function detectionWarning(link: Intent["links"][number]): PlanWarning {
  return {
    code: "detection-time",
    severity: "info",
    link: link.name,
    message: `${link.name}: a dead link is detected in ${detectionWords(link.probe)}; traffic returns ${recoveryWords(link.probe)} after it answers again`,
  };
}

function alertWarnings(intent: Intent): PlanWarning[] {
  if (intent.alerts?.email === undefined) return [];
  return [{ code: "linux-alerts-later", severity: "info", message: "e-mail alerts for Linux gateways come with the monitoring work: this plan sends none" }];
}

function markWarnings(intent: Intent, flavour: LinuxFlavour): PlanWarning[] {
  if (flavour === "nftables") {
    return [
      {
        code: "linux-owns-mark",
        severity: "info",
        message:
          "nft before 1.1.2 (kernel before 6.13) cannot save or restore part of a connection mark, so Waymark copies the whole packet and connection mark: other tools on this gateway must not use marks",
      },
    ];
  }
  if (intent.outbound.method === "per-connection") return [];
  return [
    {
      code: "iptables-hmark-whole-mark",
      severity: "warning",
      message:
        "sticky balancing in the iptables flavour hashes with HMARK, which overwrites the whole packet mark of new connections: marks set by other tools before Waymark are lost on those packets",
    },
  ];
}

function pinWarnings(intent: Intent): PlanWarning[] {
  const lan = intent.outbound.lanSources;
  return intent.outbound.pinned.flatMap((pin, index): PlanWarning[] => {
    const label = `pinned traffic #${index + 1} (${[pin.source && `from ${pin.source}`, pin.destination && `to ${pin.destination}`].filter(Boolean).join(" ")})`;
    if (pin.destination !== undefined && lan.some((l) => within(pin.destination!, l))) {
      return [
        {
          code: "pin-destination-lan",
          severity: "warning",
          link: pin.link,
          message: `${label} is never applied: traffic to the LAN sources is not balanced or pinned`,
        },
      ];
    }
    if (pin.source !== undefined && !lan.some((l) => within(pin.source!, l))) {
      return [
        {
          code: "pin-source-outside-lan",
          severity: "warning",
          link: pin.link,
          message: `${label} lies outside the LAN sources, so it applies only to the gateway's own traffic`,
        },
      ];
    }
    return [];
  });
}

/** Whether prefix `inner` lies entirely inside prefix `outer`. */
function within(inner: string, outer: string): boolean {
  const start = ipv4ToNumber(outer.split("/")[0]!);
  const innerStart = ipv4ToNumber(inner.split("/")[0]!);
  return prefixSize(inner) <= prefixSize(outer) && innerStart >= start && innerStart + prefixSize(inner) <= start + prefixSize(outer);
}
