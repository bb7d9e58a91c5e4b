import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ReactNode } from 'react';

/** One fact of a key-value block. */
export type KeyValueItem = {
  label: string;
  value: ReactNode;
  /** The value's `data-testid`. */
  testId?: string;
};

const useStyles = makeStyles(theme => ({
  list: {
    display: 'flex',
    flexWrap: 'wrap',
    columnGap: theme.spacing(3),
    rowGap: theme.spacing(1),
    margin: 0,
  },
  item: { minWidth: 0, maxWidth: '100%' },
  label: {
    display: 'block',
    color: theme.palette.text.secondary,
    fontSize: theme.typography.caption.fontSize,
    lineHeight: 1.4,
  },
  value: {
    margin: 0,
    overflowWrap: 'anywhere',
  },
}));

/**
 * Facts as label over value, side by side and wrapping to the next line when the space runs out (a `dl`, so
 * assistive technology reads each label with its value). Items without a value are left out.
 */
export function KeyValueBlock(props: {
  items: KeyValueItem[];
  'aria-label'?: string;
}) {
  const classes = useStyles();
  const items = props.items.filter(
    i => i.value !== undefined && i.value !== null && i.value !== '',
  );
  if (items.length === 0) return null;
  return (
    <dl className={classes.list} aria-label={props['aria-label']}>
      {items.map(item => (
        <div key={item.label} className={classes.item}>
          <dt className={classes.label}>{item.label}</dt>
          <Typography
            component="dd"
            variant="body2"
            className={classes.value}
            data-testid={item.testId}
          >
            {item.value}
          </Typography>
        </div>
      ))}
    </dl>
  );
}
