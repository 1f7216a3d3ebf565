"use client";
import { createContext, useContext } from "react";
import type { DeviceChoice, InterfaceKnowledge } from "./types";
import type { Path } from "./draft-edit";

// What every part of the site form shares: the draft, one way to change it, the issues by path, the devices to
// choose from and what is known of their interfaces.
export type SiteFormApi = {
  draft: Record<string, unknown>;
  set: (path: Path, value: unknown) => void;
  /** The issue to show by the field at this path (after the field was touched or a preview/save was tried). */
  issue: (path: Path) => string | undefined;
  touch: (path: Path) => void;
  devices: DeviceChoice[];
  interfaces: Record<string, InterfaceKnowledge>;
  readInterfaces: (deviceId: string) => void;
};

export const SiteFormContext = createContext<SiteFormApi | null>(null);

export function useSiteForm(): SiteFormApi {
  const value = useContext(SiteFormContext);
  if (!value) throw new Error("useSiteForm outside the site form");
  return value;
}
