import { beforeEach, describe, expect, it } from "vitest";
import { DUAL_WAN_EXAMPLE } from "@/lib/domain/intent/examples";
import { checkDraft, draftChanges } from "./policy-draft-checks";
import { appendAt, discardDraft, isStaged, loadDraft, markSaved, moveAt, removeAt, setAt, usePolicyDraftStore } from "./policy-draft-store";

const state = () => usePolicyDraftStore.getState();
const saved = { intent: structuredClone(DUAL_WAN_EXAMPLE), revision: 4 };

describe("the policy draft store", () => {
  beforeEach(() => {
    usePolicyDraftStore.setState({ deviceId: null, saved: null, starter: null, draft: null, revertFrom: null, fromSeen: null });
    loadDraft("d1", saved, { links: [] });
  });

  it("edits by path without touching the saved policy, and discards back to it", () => {
    setAt(["links", 0, "weight"], 7);
    appendAt(["outbound", "pinned"], { source: "192.168.10.5", link: "isp-b" });
    expect(state().draft).toMatchObject({ links: [{ weight: 7 }, { weight: 1 }], outbound: { pinned: [{ link: "isp-b" }] } });
    expect(saved.intent.links[0]!.weight).toBe(3);
    expect(isStaged(state())).toBe(true);
    discardDraft();
    expect(state().draft).toEqual(saved.intent);
    expect(isStaged(state())).toBe(false);
  });

  it("moves, removes, and drops a key set to undefined (the schema's default applies)", () => {
    moveAt(["links"], 1, 0);
    expect((state().draft as typeof DUAL_WAN_EXAMPLE).links.map((l) => l.name)).toEqual(["isp-b", "isp-a"]);
    removeAt(["links"], 0);
    setAt(["links", 0, "weight"], undefined);
    expect((state().draft as typeof DUAL_WAN_EXAMPLE).links).toEqual([
      { name: "isp-a", interface: "wan1", gateway: "198.51.100.1", probe: { targets: ["192.0.2.10", "192.0.2.11"] } },
    ]);
  });

  it("stages ?from= once: a refresh after a save or a discard does not stage it again", () => {
    const old = { revision: 2, intent: { ...structuredClone(DUAL_WAN_EXAMPLE), links: [DUAL_WAN_EXAMPLE.links[0]!] } };
    loadDraft("d1", saved, null, old);
    expect(state().revertFrom).toBe(2);
    expect(state().draft).toEqual(old.intent);
    markSaved({ intent: old.intent, revision: 5 });
    loadDraft("d1", { intent: old.intent, revision: 5 }, null, old);
    expect(state().revertFrom).toBeNull();
    expect(state().saved?.revision).toBe(5);
  });

  it("keeps staged edits when a newer save arrives from elsewhere", () => {
    setAt(["links", 0, "weight"], 9);
    loadDraft("d1", { intent: saved.intent, revision: 6 }, null);
    expect(state().saved?.revision).toBe(6);
    expect((state().draft as typeof DUAL_WAN_EXAMPLE).links[0]!.weight).toBe(9);
  });
});

describe("checking the draft", () => {
  it("keys each schema issue by its path, so the field there shows it", () => {
    const draft = structuredClone(DUAL_WAN_EXAMPLE) as { links: { gateway: string; weight: number }[] };
    draft.links[0]!.gateway = "198.51.100.300";
    draft.links[1]!.weight = 0;
    const check = checkDraft(draft);
    expect(check.intent).toBeNull();
    expect(check.issues.get("links.0.gateway")).toEqual(["an IPv4 address such as 192.0.2.1"]);
    expect(check.issues.get("links.1.weight")?.[0]).toMatch(/>=1/);
  });

  it("says what changes against what runs, in words", () => {
    const running = checkDraft(DUAL_WAN_EXAMPLE).intent!;
    const draft = checkDraft({ ...DUAL_WAN_EXAMPLE, links: DUAL_WAN_EXAMPLE.links.map((l) => ({ ...l, weight: l.name === "isp-b" ? 3 : l.weight })) }).intent!;
    expect(draftChanges(running, draft).map((c) => c.text)).toEqual(["link isp-b weight 1 → 3"]);
    expect(draftChanges(null, draft)[0]?.text).toMatch(/^first policy/);
    expect(draftChanges(running, running, { routeros: { balancer: "pcc" } }, { routeros: { balancer: "ecmp" } }).map((c) => c.text)).toEqual([
      "RouterOS balancer PCC → ECMP",
    ]);
  });
});
