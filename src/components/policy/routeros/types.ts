// The read-back as GET /devices/{id}/state returns it for a MikroTik router (see src/lib/http/api/policies.ts).
export type RuleReading = { comment: string; menu: string; chain: string; action: string; bytes: string; packets: string; disabled: boolean };
export type RouteReading = { comment: string; gateway: string; table: string; distance: number; active: boolean; disabled: boolean };
export type NetwatchReading = { comment: string; host: string; status: "up" | "down" | "unknown"; since: string | null };
export type InterfaceReading = { name: string; running: boolean; rxByte: string; txByte: string; rxBitsPerSecond: number; txBitsPerSecond: number };
export type DriftReading = { menu: string; comment: string; change: "missing" | "changed" | "moved" | "extra"; detail: string };

export type RouterStateView = {
  kind: "routeros";
  readAtMs: number;
  identity: string;
  version: string;
  drift: boolean;
  rules: RuleReading[];
  routes: RouteReading[];
  netwatch: NetwatchReading[];
  interfaces: InterfaceReading[];
  connections: { mark: string; count: number }[];
  driftEntries: DriftReading[];
};
