import type { ComputeApprovalRule } from '@atrium/plugin-compute-node';
import { CronExpressionParser } from 'cron-parser';
import { DateTime } from 'luxon';
import type { FreezeWindow } from '../config';

/** When the window that holds `now` ends, or undefined when `now` is outside it. */
export function freezeEnd(
  window: FreezeWindow,
  now: Date,
): DateTime | undefined {
  const at = DateTime.fromJSDate(now);
  if (window.kind === 'span') {
    return at >= window.start && at < window.end ? window.end : undefined;
  }
  // The latest start at or before now (a start exactly now counts: cron-parser's prev() is strictly before,
  // so ask from one millisecond later).
  const starts = CronExpressionParser.parse(window.cron, {
    currentDate: new Date(now.getTime() + 1),
    tz: window.timeZone,
  });
  const start = starts.prev().getTime();
  const end = start + window.durationMs;
  return now.getTime() < end ? DateTime.fromMillis(end) : undefined;
}

const format = (end: DateTime, timeZone: string) =>
  end.setZone(timeZone).setLocale('en-GB').toFormat('d LLL yyyy HH:mm ZZZZ');

/** Inside a configured change freeze, any change needs a second person. */
export function freezeWindowRule(windows: FreezeWindow[]): ComputeApprovalRule {
  return {
    id: 'freeze-window',
    evaluate({ now }) {
      for (const window of windows) {
        const end = freezeEnd(window, now);
        if (end) {
          return {
            rule: 'freeze-window',
            message: `The change freeze '${window.name}' runs until ${format(
              end,
              window.timeZone,
            )}.`,
          };
        }
      }
      return undefined;
    },
  };
}
