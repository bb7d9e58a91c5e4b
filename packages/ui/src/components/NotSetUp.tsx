import Typography from '@material-ui/core/Typography';
import { alpha, makeStyles } from '@material-ui/core/styles';
import type { ReactNode } from 'react';

const useStyles = makeStyles(theme => ({
  root: {
    padding: theme.spacing(1, 1.5),
    borderLeft: `4px solid ${theme.palette.info.main}`,
    backgroundColor: alpha(theme.palette.info.main, 0.08),
    borderRadius: theme.shape.borderRadius,
    minWidth: 0,
  },
  howTo: { overflowWrap: 'anywhere' },
}));

/**
 * A source the section reads from that is not set up (Alertmanager, Prometheus, GitHub): what cannot be shown,
 * how an admin sets it up, and whatever the user can do instead (`children`, e.g. a sign-in button). Not an
 * error: the section says so in place and the page goes on.
 */
export function NotSetUp(props: {
  /** What is not set up and what that leaves out ("Alerts are not set up"). */
  title: ReactNode;
  /** How to set it up: a sentence, or one with `code` in it. */
  howTo?: ReactNode;
  children?: ReactNode;
  'data-testid'?: string;
}) {
  const classes = useStyles();
  return (
    <div
      className={classes.root}
      role="note"
      data-testid={props['data-testid']}
    >
      <Typography variant="body2" component="p">
        {props.title}
      </Typography>
      {props.howTo && (
        <Typography
          variant="body2"
          color="textSecondary"
          component="p"
          className={classes.howTo}
        >
          {props.howTo}
        </Typography>
      )}
      {props.children}
    </div>
  );
}
