import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { formatAgo, formatTime } from '../../lib/format';

const useStyles = makeStyles({
  when: { marginLeft: 'auto', whiteSpace: 'nowrap' },
});

/**
 * When a listed line happened (the Activity and Events cards), at the line's end: how long ago, the exact time
 * on hover; empty while unknown.
 */
export function LineTime({ at }: { at?: string }) {
  const classes = useStyles();
  return (
    <Typography
      variant="caption"
      color="textSecondary"
      className={classes.when}
      title={formatTime(at)}
    >
      {at ? formatAgo(at) : ''}
    </Typography>
  );
}
