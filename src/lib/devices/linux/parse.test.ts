import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { IDENTITY_SCRIPT, parseIdentityOutput, parseOsRelease, pickModel, prettyOsName, splitSections } from "./parse";

// Debian 12 /etc/os-release, verbatim.
const DEBIAN_12 = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`;

// Raspbian 10 /etc/os-release as shown on raspida.com/rpi-revision-command.
const RASPBIAN_10 = `PRETTY_NAME="Raspbian GNU/Linux 10 (buster)"
NAME="Raspbian GNU/Linux"
VERSION_ID="10"
VERSION="10 (buster)"
VERSION_CODENAME=buster
ID=raspbian
ID_LIKE=debian
HOME_URL="http://www.raspbian.org/"
`;

// Real IDENTITY_SCRIPT output from the lab gateway (Debian 12 VM without DMI or device tree).
const LAB_OUTPUT = `@@waymark:hostname
wm-gw-6nk-isp

@@waymark:dmi-product

@@waymark:dt-model

@@waymark:machine
x86_64

@@waymark:kernel
6.18.44-fc-v657

@@waymark:os-release
${DEBIAN_12}
@@waymark:end
`;

describe("parseOsRelease", () => {
  it("reads quoted and bare values", () => {
    const fields = parseOsRelease(DEBIAN_12);
    expect(fields.PRETTY_NAME).toBe("Debian GNU/Linux 12 (bookworm)");
    expect(fields.VERSION_CODENAME).toBe("bookworm");
    expect(fields.ID).toBe("debian");
    expect(fields.HOME_URL).toBe("https://www.debian.org/");
  });

  it("follows os-release(5) quoting: comments, single quotes, backslash escapes in double quotes", () => {
    const fields = parseOsRelease(`# comment\n\nNAME='Single Quoted'\nPRETTY_NAME="Say \\"hi\\" for \\$5 \\\\ \\\`x\\\`"\nBROKEN LINE\n`);
    expect(fields).toEqual({ NAME: "Single Quoted", PRETTY_NAME: 'Say "hi" for $5 \\ `x`' });
  });

  it("falls back to NAME VERSION, then to Linux", () => {
    expect(prettyOsName(parseOsRelease(RASPBIAN_10))).toBe("Raspbian GNU/Linux 10 (buster)");
    expect(prettyOsName({ NAME: "Foo", VERSION: "1" })).toBe("Foo 1");
    expect(prettyOsName({})).toBe("Linux");
  });
});

describe("pickModel", () => {
  it("prefers the DMI product name", () => {
    expect(pickModel("Standard PC (Q35 + ICH9, 2009)", "", "x86_64")).toBe("Standard PC (Q35 + ICH9, 2009)");
  });

  it("ignores firmware placeholder strings", () => {
    expect(pickModel("To Be Filled By O.E.M.", "", "x86_64")).toBe("x86_64");
    expect(pickModel("Default string", "", "aarch64")).toBe("aarch64");
  });

  it("uses the device-tree model on boards without DMI, then the architecture", () => {
    expect(pickModel("", "Raspberry Pi 4 Model B Rev 1.2", "aarch64")).toBe("Raspberry Pi 4 Model B Rev 1.2");
    expect(pickModel("", "", "armv7l")).toBe("armv7l");
    expect(pickModel("", "", "")).toBe("unknown");
  });
});

describe("parseIdentityOutput", () => {
  it("parses the lab sample", () => {
    expect(parseIdentityOutput(LAB_OUTPUT)).toEqual({
      ok: true,
      value: { identity: "wm-gw-6nk-isp", model: "x86_64", version: "Debian GNU/Linux 12 (bookworm), kernel 6.18.44-fc-v657" },
    });
  });

  it("strips the device tree's trailing NUL", () => {
    const out = LAB_OUTPUT.replace("@@waymark:dt-model\n", "@@waymark:dt-model\nRaspberry Pi 4 Model B Rev 1.2\0");
    const parsed = parseIdentityOutput(out);
    expect(parsed.ok && parsed.value.model).toBe("Raspberry Pi 4 Model B Rev 1.2");
  });

  it("reports truncated output instead of guessing", () => {
    expect(parseIdentityOutput(LAB_OUTPUT.replace("@@waymark:end\n", ""))).toEqual({
      ok: false,
      reason: "identity output was cut short (no end marker)",
    });
    expect(parseIdentityOutput("@@waymark:end\n")).toMatchObject({ ok: false });
  });

  it("rejects an empty hostname", () => {
    expect(parseIdentityOutput(LAB_OUTPUT.replace("wm-gw-6nk-isp", ""))).toEqual({ ok: false, reason: "the device reported no hostname" });
  });
});

describe("IDENTITY_SCRIPT", () => {
  it("has no quotes or backslashes, so any login shell passes it through unchanged", () => {
    expect(IDENTITY_SCRIPT).not.toMatch(/['"\\`$]/);
  });

  it("produces every section when run by a real sh on this machine", () => {
    const split = splitSections(execFileSync("/bin/sh", ["-c", IDENTITY_SCRIPT], { encoding: "utf8" }));
    expect(split.ok).toBe(true);
    if (split.ok) expect(split.value.kernel).toMatch(/^\d+\.\d+/);
  });
});
