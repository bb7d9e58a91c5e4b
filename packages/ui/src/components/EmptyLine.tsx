import Typography from '@material-ui/core/Typography';
import type { ReactNode } from 'react';

/**
 * A one-line empty state, for a section with nothing in it that still has a reason to show ("No events in the
 * last hour."): quiet text, no illustration. A section that has nothing to say at all is better left out.
 */
export function EmptyLine(props: {
  children: ReactNode;
  'data-testid'?: string;
}) {
  return (
    <Typography
      variant="body2"
      color="textSecondary"
      data-testid={props['data-testid']}
    >
      {props.children}
    </Typography>
  );
}
