/**
 * Kubernetes resource quantities, shared by the compute backend and the Kubernetes API simulator: CPU in cores
 * (`250m` → 0.25) and memory in bytes (`1Gi` → 1073741824).
 */

const SUFFIXES: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const QUANTITY =
  /^([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

/** A quantity as a number of base units; absent is 0, anything that is not a quantity is NaN. */
export function parseQuantity(
  value: string | number | undefined | null,
): number {
  if (value === undefined || value === null || value === '') return 0;
  if (typeof value === 'number') return value;
  const match = QUANTITY.exec(value.trim());
  return match ? Number(match[1]) * SUFFIXES[match[2] ?? ''] : NaN;
}

/** CPU cores as Kubernetes writes them: whole cores plain, else millicores (`1450m`). */
export function formatCpu(cores: number): string {
  const milli = Math.round(cores * 1000);
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** Bytes with the largest binary suffix that divides them (`1408Mi`). */
export function formatMemory(bytes: number): string {
  const b = Math.round(bytes);
  for (const suffix of ['Ti', 'Gi', 'Mi', 'Ki']) {
    const unit = SUFFIXES[suffix];
    if (b >= unit && b % unit === 0) return `${b / unit}${suffix}`;
  }
  return String(b);
}

/** A quota resource's value (`requests.cpu`, `requests.memory`, `pods`, …) as Kubernetes writes it. */
export function formatResource(resource: string, value: number): string {
  if (resource.endsWith('cpu')) return formatCpu(value);
  if (resource.endsWith('memory') || resource.endsWith('storage'))
    return formatMemory(value);
  return String(Math.round(value));
}
