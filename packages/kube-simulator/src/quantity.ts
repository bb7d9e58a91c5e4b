const SUFFIXES: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
};

/** Parses a Kubernetes quantity (`250m`, `1.5`, `256Mi`, `2G`) into a number of base units. */
export function parseQuantity(
  value: string | number | undefined | null,
): number {
  if (value === undefined || value === null || value === '') return 0;
  if (typeof value === 'number') return value;
  const m = /^([0-9]+(?:\.[0-9]+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(
    value.trim(),
  );
  if (!m) return NaN;
  return Number(m[1]) * SUFFIXES[m[2] ?? ''];
}

/** Formats CPU cores as Kubernetes does: whole cores plain, else millicores. */
export function formatCpu(cores: number): string {
  const milli = Math.round(cores * 1000);
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** Formats bytes with the largest binary suffix that divides them. */
export function formatMemory(bytes: number): string {
  const b = Math.round(bytes);
  for (const suffix of ['Ti', 'Gi', 'Mi', 'Ki']) {
    const unit = SUFFIXES[suffix];
    if (b >= unit && b % unit === 0) return `${b / unit}${suffix}`;
  }
  return String(b);
}

/** Formats a quota resource value (`requests.cpu`, `requests.memory`, `pods`, …). */
export function formatResource(resource: string, value: number): string {
  if (resource.endsWith('cpu')) return formatCpu(value);
  if (resource.endsWith('memory') || resource.endsWith('storage'))
    return formatMemory(value);
  return String(Math.round(value));
}
