"use client";
import { create } from "zustand";

// Which devices' policy editors hold edits that are not saved yet. A push sends the saved policy, so the push
// panel refuses while the admin is looking at something else. UI state only: the policy itself lives on the server.
type PolicyDraftState = { unsaved: Record<string, boolean> };

export const usePolicyDraftStore = create<PolicyDraftState>(() => ({ unsaved: {} }));

export function setPolicyUnsaved(deviceId: string, unsaved: boolean): void {
  usePolicyDraftStore.setState((s) => (s.unsaved[deviceId] === unsaved ? s : { unsaved: { ...s.unsaved, [deviceId]: unsaved } }));
}

export function useHasUnsavedPolicy(deviceId: string): boolean {
  return usePolicyDraftStore((s) => s.unsaved[deviceId] === true);
}
