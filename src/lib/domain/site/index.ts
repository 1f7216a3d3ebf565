export * from "./intent";
export * from "./member-plan";
export * from "./member-reading";
export * from "./live";
export * from "./views";
export { compileSite, type SiteDevice } from "./compile";
export { membershipClash, type OtherMembership } from "./clash";
export { memberLabel, roleWords } from "./label";
export { sitePushOutcome, type MemberPushResult, type MemberPushStatus, type SitePushStatus } from "./push-outcome";
