import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ReactNode } from 'react';

/** A button in a section's header. */
export type SectionAction = {
  label: string;
  onClick: () => void;
  /** A longer accessible name than the label, e.g. which item it acts on. */
  ariaLabel?: string;
  title?: string;
  disabled?: boolean;
  testId?: string;
};

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    minWidth: 0,
  },
  titles: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    columnGap: theme.spacing(1),
    minWidth: 0,
  },
  title: { overflowWrap: 'anywhere' },
  meta: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    flex: '1 1 auto',
    minWidth: 0,
  },
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    marginLeft: 'auto',
  },
}));

/**
 * A section's title line: the title (a heading of `level`), a quieter subtitle, whatever says how the section
 * stands (`meta`: chips, counts), and its actions as buttons on the right, wrapping below when narrow.
 */
export function SectionHeader(props: {
  title: ReactNode;
  subtitle?: ReactNode;
  meta?: ReactNode;
  actions?: SectionAction[];
  /** The heading's level: 2 for a page's sections, 3 below them. */
  level?: 2 | 3 | 4;
  'data-testid'?: string;
}) {
  const classes = useStyles();
  const level = props.level ?? 2;
  return (
    <div className={classes.root} data-testid={props['data-testid']}>
      <div className={classes.titles}>
        <Typography
          component={`h${level}` as 'h2'}
          variant={level === 2 ? 'h6' : 'subtitle1'}
          className={classes.title}
        >
          {props.title}
        </Typography>
        {props.subtitle && (
          <Typography variant="body2" color="textSecondary">
            {props.subtitle}
          </Typography>
        )}
      </div>
      {props.meta && <div className={classes.meta}>{props.meta}</div>}
      {props.actions && props.actions.length > 0 && (
        <div className={classes.actions}>
          {props.actions.map(a => (
            <Button
              key={a.label}
              size="small"
              variant="outlined"
              onClick={a.onClick}
              aria-label={a.ariaLabel}
              title={a.title}
              disabled={a.disabled}
              data-testid={a.testId}
            >
              {a.label}
            </Button>
          ))}
        </div>
      )}
    </div>
  );
}
