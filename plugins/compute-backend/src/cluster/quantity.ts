import { InputError } from '@backstage/errors';

const SUFFIX: Record<string, number> = {
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

/**
 * A Kubernetes resource quantity as a number: CPU in cores (`250m` → 0.25), memory in bytes (`1Gi` →
 * 1073741824). Throws InputError for anything else.
 */
export function parseQuantity(value: string | number | undefined): number {
  if (value === undefined || value === '') return 0;
  if (typeof value === 'number') return value;
  const match =
    /^([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(
      value.trim(),
    );
  if (!match)
    throw new InputError(`${JSON.stringify(value)} is not a quantity`);
  return Number(match[1]) * SUFFIX[match[2] ?? ''];
}

/** For messages: cores with up to 3 decimals, bytes in Mi or Gi. */
export function formatCpu(cores: number): string {
  return `${Math.round(cores * 1000) / 1000} CPU`;
}

export function formatMemory(bytes: number): string {
  return bytes >= 2 ** 30
    ? `${Math.round((bytes / 2 ** 30) * 100) / 100} Gi`
    : `${Math.round(bytes / 2 ** 20)} Mi`;
}
