import { Box } from '@material-ui/core';
import type { ReactNode } from 'react';

/** A list item's first line: its title with its chips beside it, wrapping under it when narrow. */
export function TitleLine({ children }: { children: ReactNode }) {
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }}>
      {children}
    </Box>
  );
}
