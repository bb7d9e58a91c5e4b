import type { Theme } from '@material-ui/core/styles';

/**
 * The styles of a card that lists lines (the Activity and Events cards): the card's padding, a bare list under
 * its header, a divider above each item, and the time at the end of a line. Spread into the card's own
 * `makeStyles`.
 */
export const listCardStyles = (theme: Theme) =>
  ({
    root: { padding: theme.spacing(1.5, 2) },
    list: { listStyle: 'none', margin: theme.spacing(1, 0, 0), padding: 0 },
    item: {
      padding: theme.spacing(0.75, 0),
      borderTop: `1px solid ${theme.palette.divider}`,
      minWidth: 0,
    },
    when: { marginLeft: 'auto', whiteSpace: 'nowrap' },
  } as const);
