import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
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
  const parsed = Number(tailInput);
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
          <TextField
            id="compute-logs-container"
            select
            label="Container"
            value={container}
            onChange={e => setContainer(e.target.value)}
            SelectProps={{ native: true }}
            InputLabelProps={{ shrink: true }}
          >
            {pod.containers.map(c => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
          </TextField>
          <TextField
            id="compute-logs-tail"
            label="Tail lines"
            type="number"
            value={tailInput}
            onChange={e => setTailInput(e.target.value)}
            inputProps={{ min: 1, max: LIMITS.maxLogLines, step: 1 }}
            error={tailInvalid}
            helperText={`1 to ${LIMITS.maxLogLines}`}
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
