// Moved to a vendor-neutral place; kept so existing imports stay valid.
export * from "../../push-types";
