/** Audit log summaries (`audit.*`); the row keeps the English text in `summary` beside the code. */
export const auditMessages = {
} as const;
