import Typography from '@material-ui/core/Typography';
import type { ExcludedApp } from '@atrium/plugin-compute-common';
import { testIds } from '../../lib/testIds';

/**
 * The Apps the component's annotation or their own label name that the tab leaves out, and why: their
 * namespace belongs to another team than the component's owner (the rule the actions use too).
 */
export function ExcludedApps(props: { excluded: ExcludedApp[] }) {
  const { excluded } = props;
  if (excluded.length === 0) return null;
  const list = excluded
    .map(e => `${e.name} in ${e.cluster} (${e.reason})`)
    .join('; ');
  return (
    <Typography
      variant="body2"
      color="textSecondary"
      data-testid={testIds.excluded}
    >
      Left out, as they are another team's: {list}.
    </Typography>
  );
}
