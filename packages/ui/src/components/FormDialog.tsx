import Box from '@material-ui/core/Box';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import type { ReactNode } from 'react';

/**
 * A dialog that asks for input and then does something with it (an action on an App, a silence): open, as wide
 * as `sm`, its title, the inputs and what they will do, and its buttons (Cancel, Confirm).
 */
export function FormDialog(props: {
  title: ReactNode;
  onClose: () => void;
  /** The buttons at the bottom. */
  actions: ReactNode;
  children?: ReactNode;
  'data-testid'?: string;
}) {
  return (
    <Dialog
      open
      onClose={props.onClose}
      fullWidth
      maxWidth="sm"
      data-testid={props['data-testid']}
    >
      <DialogTitle>{props.title}</DialogTitle>
      <DialogContent>{props.children}</DialogContent>
      <DialogActions>{props.actions}</DialogActions>
    </Dialog>
  );
}

/**
 * What a dialog's input will do, under its heading ("What will change"), and below it why the input can't be
 * sent yet, if it can't.
 */
export function ChangeSummary(props: {
  heading: string;
  children: ReactNode;
  /** Why the input can't be sent; nothing while it can. */
  problem?: string;
  /** The summary's `data-testid`. */
  testId?: string;
}) {
  return (
    <Box mt={2}>
      <Typography variant="subtitle2">{props.heading}</Typography>
      <Typography variant="body1" data-testid={props.testId}>
        {props.children}
      </Typography>
      {props.problem && (
        <Typography variant="body2" color="error">
          {props.problem}
        </Typography>
      )}
    </Box>
  );
}
