import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import { makeStyles } from '@material-ui/core/styles';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { LIMITS, PodView } from '@atrium/plugin-compute-common';
import { useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import { describeError } from '../../lib/errors';
import { computeApiRef } from '../../api';
import { usePolledAsync } from '../../hooks/usePolledAsync';
import { testIds } from '../../lib/testIds';
import { SelectField, typedNumber, WholeNumberField } from '../common/fields';

const DEFAULT_TAIL = 200;

const useStyles = makeStyles(theme => ({
  log: {
    fontFamily: 'monospace',
    fontSize: 12,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    margin: 0,
    padding: theme.spacing(1),
    height: '60vh',
    overflow: 'auto',
    background: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
  },
}));

/** The last lines of one container's log. */
export function LogViewer({
  cluster,
  pod,
  onClose,
}: {
  cluster: string;
  pod: PodView;
  onClose: () => void;
}) {
  const classes = useStyles();
  const api = useApi(computeApiRef);
  const [container, setContainer] = useState(pod.containers[0]?.name ?? '');
  const [tailInput, setTailInput] = useState(String(DEFAULT_TAIL));
  const [tail, setTail] = useState(DEFAULT_TAIL);
  const parsed = typedNumber(tailInput);
  const tailInvalid =
    !Number.isInteger(parsed) || parsed < 1 || parsed > LIMITS.maxLogLines;
  useDebounce(() => !tailInvalid && setTail(parsed), 400, [tailInput]);

  const logs = usePolledAsync(
    signal =>
      api.getPodLogs(
        { cluster, namespace: pod.namespace, name: pod.name },
        { container: container || undefined, tailLines: tail },
        { signal },
      ),
    [api, cluster, pod.namespace, pod.name, container, tail],
  );

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="lg">
      <DialogTitle>Logs of {pod.name}</DialogTitle>
      <DialogContent data-testid={testIds.logs}>
        <Box display="flex" mb={2} style={{ gap: 16 }}>
          <SelectField
            id="compute-logs-container"
            label="Container"
            value={container}
            onChange={setContainer}
            options={pod.containers.map(c => ({
              value: c.name,
              label: c.name,
            }))}
            fullWidth={false}
          />
          <WholeNumberField
            id="compute-logs-tail"
            label="Tail lines"
            value={tailInput}
            onChange={setTailInput}
            min={1}
            max={LIMITS.maxLogLines}
            error={tailInvalid}
            helperText={`1 to ${LIMITS.maxLogLines}`}
            fullWidth={false}
          />
          <Box alignSelf="center">
            <Button onClick={logs.refresh}>Refresh</Button>
          </Box>
        </Box>
        {logs.loading && <Progress />}
        {logs.error && (
          <ResponseErrorPanel
            title={describeError(logs.error)}
            error={logs.error}
          />
        )}
        {logs.value && (
          <pre className={classes.log} data-testid="compute-logs-output">
            {logs.value.lines.length
              ? logs.value.lines.join('\n')
              : '(no log lines)'}
          </pre>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
