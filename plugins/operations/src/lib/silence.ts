import { OPERATIONS_LIMITS } from '@atrium/plugin-operations-common';

/** The durations the Silence dialog offers, in minutes; `custom` asks for hours. */
export const SILENCE_DURATIONS = [
  { value: '30', label: '30 minutes', minutes: 30 },
  { value: '60', label: '1 hour', minutes: 60 },
  { value: '240', label: '4 hours', minutes: 240 },
  { value: '1440', label: '1 day', minutes: 1440 },
  { value: 'custom', label: 'Custom…', minutes: undefined },
] as const;

export type SilenceDurationChoice = (typeof SILENCE_DURATIONS)[number]['value'];

/** The longest custom duration, in hours (a week). */
export const MAX_SILENCE_HOURS = OPERATIONS_LIMITS.maxSilenceMinutes / 60;

/**
 * The silence's length in minutes, or why the input can't be sent. Custom durations are hours (decimals
 * allowed, rounded to the minute), at most a week.
 */
export function silenceMinutes(
  choice: SilenceDurationChoice,
  customHours: string,
): { minutes: number } | { invalid: string } {
  const preset = SILENCE_DURATIONS.find(d => d.value === choice);
  if (preset?.minutes) return { minutes: preset.minutes };
  const hours = Number(customHours.trim().replace(',', '.'));
  if (customHours.trim() === '' || !Number.isFinite(hours)) {
    return { invalid: 'Enter the number of hours.' };
  }
  const minutes = Math.round(hours * 60);
  if (minutes < 1)
    return { invalid: 'The silence must last at least a minute.' };
  if (minutes > OPERATIONS_LIMITS.maxSilenceMinutes) {
    return {
      invalid: `A silence lasts at most 7 days (${MAX_SILENCE_HOURS} hours).`,
    };
  }
  return { minutes };
}

/** `alertname="HighErrorRate", component="payments-gateway"`: the labels a silence will match, sorted. */
export function describeLabels(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort((a, b) => {
      if (a === 'alertname' || b === 'alertname') {
        return a === 'alertname' ? -1 : 1;
      }
      return a.localeCompare(b);
    })
    .map(k => `${k}="${labels[k]}"`)
    .join(', ');
}
