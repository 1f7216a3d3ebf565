import type { DeviceIdentity } from "@/lib/devices/driver";

// One round trip reads everything. Each section is introduced by a marker on its own line; the blank
// `echo` before each marker ends files that lack a trailing newline (device-tree strings end in NUL).
// The script has no quotes or backslashes, so it survives any login shell's quoting rules.
const MARK = "@@waymark:";
const SECTIONS = ["hostname", "dmi-product", "dt-model", "machine", "kernel", "os-release"] as const;
type Section = (typeof SECTIONS)[number];

export const IDENTITY_SCRIPT = [
  `echo ${MARK}hostname; cat /proc/sys/kernel/hostname 2>/dev/null || uname -n`,
  `echo; echo ${MARK}dmi-product; cat /sys/class/dmi/id/product_name 2>/dev/null`,
  `echo; echo ${MARK}dt-model; cat /proc/device-tree/model 2>/dev/null`,
  `echo; echo ${MARK}machine; uname -m`,
  `echo; echo ${MARK}kernel; uname -r`,
  `echo; echo ${MARK}os-release; cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null`,
  `echo; echo ${MARK}end`,
].join("\n");

export const IDENTITY_COMMAND: readonly string[] = ["sh", "-c", IDENTITY_SCRIPT];

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

export function splitSections(stdout: string): ParseResult<Record<Section, string>> {
  const found = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of stdout.split("\n")) {
    if (line.startsWith(MARK)) {
      current = [];
      found.set(line.slice(MARK.length).trim(), current);
    } else {
      current?.push(line);
    }
  }
  if (!found.has("end")) return { ok: false, reason: "identity output was cut short (no end marker)" };
  const sections = {} as Record<Section, string>;
  for (const name of SECTIONS) {
    const lines = found.get(name);
    if (!lines) return { ok: false, reason: `identity output lacks the ${name} section` };
    sections[name] = lines.join("\n").replaceAll("\0", "").trim();
  }
  return { ok: true, value: sections };
}

/**
 * Parses /etc/os-release. Format: os-release(5), https://www.freedesktop.org/software/systemd/man/latest/os-release.html
 * "KEY=value" lines; blank and "#" lines ignored; values may be single- or double-quoted, and inside double
 * quotes `\"`, `\\`, `\$` and "\`" are escapes. Real sample (Debian 12, this project's CI machine):
 *
 *   PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
 *   NAME="Debian GNU/Linux"
 *   VERSION_ID="12"
 *   VERSION="12 (bookworm)"
 *   VERSION_CODENAME=bookworm
 *   ID=debian
 *   HOME_URL="https://www.debian.org/"
 */
export function parseOsRelease(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([A-Za-z0-9_]+)=(.*)$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) fields[match[1]] = unquote(match[2]);
  }
  return fields;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(["\\$`])/g, "$1");
  }
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1);
  return value;
}

/** os-release(5): "If not set, a default of PRETTY_NAME="Linux" may be used". */
export function prettyOsName(osRelease: Record<string, string>): string {
  return osRelease.PRETTY_NAME || [osRelease.NAME, osRelease.VERSION].filter(Boolean).join(" ") || "Linux";
}

// Firmware fills unused SMBIOS strings with vendor boilerplate; such a value names no model.
const DMI_PLACEHOLDERS = new Set([
  "to be filled by o.e.m.",
  "system product name",
  "default string",
  "not specified",
  "not applicable",
  "none",
  "unknown",
  "n/a",
  "0123456789",
  "product name",
]);

/**
 * Picks the model: DMI product name, else device-tree model, else the machine architecture.
 * - /sys/class/dmi/id/product_name (SMBIOS type 1 "Product Name", exported by the kernel's
 *   drivers/firmware/dmi-id.c). Real samples: "Standard PC (Q35 + ICH9, 2009)" (QEMU q35 guest),
 *   "To Be Filled By O.E.M." (unset on many ASRock boards; treated as absent).
 * - /proc/device-tree/model (Devicetree Specification, root node `model` property, NUL-terminated;
 *   raspirev(7) points to it). Real sample: "Raspberry Pi 4 Model B Rev 1.2".
 * - `uname -m` (uname(1), POSIX), e.g. "x86_64", "aarch64".
 */
export function pickModel(dmiProduct: string, deviceTreeModel: string, machine: string): string {
  if (dmiProduct && !DMI_PLACEHOLDERS.has(dmiProduct.toLowerCase())) return dmiProduct;
  if (deviceTreeModel) return deviceTreeModel;
  return machine || "unknown";
}

/**
 * Turns the IDENTITY_SCRIPT output into an identity. Real sample (lab gateway on Debian 12; the DMI and
 * device-tree sections are empty on that VM):
 *
 *   @@waymark:hostname
 *   wm-gw-6nk-isp
 *
 *   @@waymark:dmi-product
 *
 *   @@waymark:dt-model
 *
 *   @@waymark:machine
 *   x86_64
 *
 *   @@waymark:kernel
 *   6.18.44-fc-v657
 *
 *   @@waymark:os-release
 *   PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
 *   ...
 *
 *   @@waymark:end
 */
export function parseIdentityOutput(stdout: string): ParseResult<Omit<DeviceIdentity, "hostKey">> {
  const split = splitSections(stdout);
  if (!split.ok) return split;
  const s = split.value;
  if (!s.hostname) return { ok: false, reason: "the device reported no hostname" };
  if (!s.kernel) return { ok: false, reason: "the device reported no kernel release" };
  const os = prettyOsName(parseOsRelease(s["os-release"]));
  return {
    ok: true,
    value: {
      identity: s.hostname,
      model: pickModel(s["dmi-product"], s["dt-model"], s.machine),
      version: `${os}, kernel ${s.kernel}`,
    },
  };
}
