import type { Theme } from '@material-ui/core/styles';

/**
 * The styles of a card that lists lines (the Activity and Events cards): the card's padding, a bare list under
 * its header, a divider above each item, an item's line of pieces that wraps where the card is narrow (the card
 * says how they align), and a piece that may break anywhere (a ref, a change) rather than widen the card; LineTime
 * is the time at a line's end. Spread into the card's own `makeStyles`.
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
    line: {
      display: 'flex',
      flexWrap: 'wrap',
      columnGap: theme.spacing(1),
      rowGap: theme.spacing(0.25),
    },
    text: { overflowWrap: 'anywhere', minWidth: 0 },
  } as const);
