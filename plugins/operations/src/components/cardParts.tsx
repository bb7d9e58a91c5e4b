import IconButton from '@material-ui/core/IconButton';
import RefreshIcon from '@material-ui/icons/Refresh';
import { ResponseErrorPanel, WarningPanel } from '@backstage/core-components';
import { describeError } from '@atrium/ui';

/** What the operations cards show alike: a refresh button, a failed read, a source that is not set up. */

/** Reads the card's data again; disabled while a read is under way. */
export function RefreshButton(props: {
  label: string;
  loading: boolean;
  onClick: () => void;
}) {
  return (
    <IconButton
      size="small"
      aria-label={props.label}
      onClick={props.onClick}
      disabled={props.loading}
    >
      <RefreshIcon fontSize="small" />
    </IconButton>
  );
}

/** A failed read: `Could not load the <what>`, and what the API said. */
export function LoadError(props: {
  testId: string;
  what: string;
  error: Error;
}) {
  return (
    <div data-testid={props.testId}>
      <ResponseErrorPanel
        title={`Could not load the ${props.what}: ${describeError(
          props.error,
        )}`}
        error={props.error}
      />
    </div>
  );
}

/** A source that is not set up for the component, and how to set it up. */
export function NotSetUp(props: {
  testId: string;
  title: string;
  howTo?: string;
}) {
  return (
    <div data-testid={props.testId}>
      <WarningPanel severity="info" title={props.title} message={props.howTo} />
    </div>
  );
}
