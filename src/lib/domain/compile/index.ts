// Compilers: intent → a target's plan. Each target lives in its own folder; this is their public face.
export * from "./linux";
export * from "./routeros";
