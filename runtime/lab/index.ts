export { LabAutomationManager } from "./manager.js";
export { DocumentRejectedError, inspectDocument, type RejectionReason } from "./inspect.js";
export type { FailureReason, LabDocument, LabEvent, LabManagerOptions, LabManagerState, LabStatus, LabStopReport } from "./types.js";
