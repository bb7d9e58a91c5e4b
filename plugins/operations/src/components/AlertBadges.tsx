import { StatusChip, type StatusTone } from '@atrium/ui';

/** The tone of an alert's severity: the ones that page someone stand out as errors, warnings as warnings. */
export function severityTone(severity: string): StatusTone {
  const word = severity.toLowerCase();
  if (['critical', 'error', 'page'].includes(word)) return 'error';
  return word === 'warning' ? 'warning' : 'neutral';
}

/**
 * An alert's severity and whether it is silenced, as status chips: on the Operations tab's alerts and on Home's
 * open alerts alike. A resolved alert's severity is quiet, and it is no longer silenced.
 */
export function AlertBadges(props: {
  severity: string;
  silenced: boolean;
  resolved?: boolean;
}) {
  return (
    <>
      <StatusChip
        label={props.severity}
        tone={props.resolved ? 'neutral' : severityTone(props.severity)}
      />
      {props.silenced && !props.resolved && (
        <StatusChip label="Silenced" tone="neutral" />
      )}
    </>
  );
}
