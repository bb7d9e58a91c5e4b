/** Timestamps as the API server writes them (RFC 3339 in UTC, whole seconds), e.g. `2026-03-02T07:00:00Z`. */
export const isoNow = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
