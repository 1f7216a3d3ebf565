// Booting a simulated router from a real /export and writing its configuration back as export text.

export { bootFromExport, type BootOptions, type BootReport } from "./boot";
export { exportConfig, renderExportValue, type ExportConfigOptions } from "./export-config";
export type { ExportHeader } from "./lines";
export type { ExportMenuSpec } from "./normalize";
export { parseExport, type ExportCommand, type ExportSelector, type ExportVerb, type ExportWarning, type ParsedExport } from "./parse";
