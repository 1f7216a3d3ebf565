export { recordAuditEvent, type AuditEntry, type AuditOutcome } from "./record-audit-event";
export { listAuditEvents, ListAuditEventsInput, type AuditEventView } from "./list-audit-events";
