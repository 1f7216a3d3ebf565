export * from "./intent";
export * from "./member-plan";
export * from "./member-reading";
export * from "./live";
export * from "./views";
export { compileSite, type SiteDevice } from "./compile";
