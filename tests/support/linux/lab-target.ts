// The lab gateway as Waymark reaches it: root over the private sshd, by key, with the host key pinned.
import type { LinuxTarget } from "@/lib/devices/driver";
import type { WanLab } from "../../../lab";
import type { PrivateSshd } from "../../../lab/private-sshd";

export const rootTargetOf = (lab: WanLab, sshd: PrivateSshd): LinuxTarget => ({
  kind: "linux",
  host: sshd.host,
  port: sshd.port,
  username: "root",
  auth: { method: "key", privateKey: lab.privateKey },
  pinnedHostKey: lab.hostKeyFingerprint,
});
