// The namespaced lab gateway added to a dashboard through the API (root over its private sshd, by key) and checked
// reachable, its host key pinned: what the Linux API suites start from.
import { expect } from "vitest";
import type { WanLab } from "../../lab";
import type { PrivateSshd } from "../../lab/private-sshd";
import type { ApiClient, ApiReply } from "./support";

export async function addLabGateway(admin: ApiClient, checker: ApiClient, lab: WanLab, sshd: PrivateSshd): Promise<{ deviceId: string; check: ApiReply }> {
  const created = await admin.post("/devices", {
    kind: "linux",
    name: "lab-gateway",
    host: sshd.host,
    port: sshd.port,
    username: "root",
    auth: { method: "key", privateKey: lab.privateKey },
  });
  expect(created.status, created.text).toBe(201);
  const deviceId: string = created.json.id;
  const check = await checker.post(`/devices/${deviceId}/test-connection`);
  expect(check.json.check, check.text).toMatchObject({ status: "reachable" });
  return { deviceId, check };
}
