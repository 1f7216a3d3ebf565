export { recordAuditEvent, type AuditEntry, type AuditOutcome } from "./record-audit-event";
export { listAuditEvents, ListAuditEventsInput, type AuditEventView } from "./list-audit-events";
export { AuditFilters, AUDIT_OUTCOMES, type AuditFilterValues } from "./audit-filters";
export { auditChoices, type AuditChoices } from "./audit-choices";
export { exportAuditCsv } from "./export-audit-csv";
