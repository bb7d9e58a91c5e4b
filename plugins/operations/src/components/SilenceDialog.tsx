import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { StatusError } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  Alert,
  OPERATIONS_LIMITS,
  SilenceResponse,
} from '@atrium/plugin-operations-common';
import { useState } from 'react';
import { operationsApiRef } from '../api';
import { ChangeSummary, describeError, FormDialog } from '@atrium/ui';
import { formatDateTime, formatMinutes } from '../lib/format';
import {
  MAX_SILENCE_HOURS,
  SILENCE_DURATIONS,
  SilenceDurationChoice,
  describeLabels,
  silenceMinutes,
} from '../lib/silence';
import { testIds } from '../lib/testIds';

export interface SilenceDialogProps {
  target: CompoundEntityRef;
  alert: Alert;
  onClose: () => void;
  /** Called once the silence was created. */
  onSilenced: (response: SilenceResponse) => void;
  /** The clock, for the "until" sentence (tests pin it). */
  now?: () => number;
}

/** Silence one active alert in Alertmanager: for how long, why, and exactly what it will mute until when. */
export function SilenceDialog(props: SilenceDialogProps) {
  const { target, alert, onClose, onSilenced, now = Date.now } = props;
  const api = useApi(operationsApiRef);
  const [choice, setChoice] = useState<SilenceDurationChoice>('60');
  const [customHours, setCustomHours] = useState('');
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();

  const duration = silenceMinutes(choice, customHours);
  const trimmed = comment.trim();
  let commentInvalid: string | undefined;
  if (!trimmed) commentInvalid = 'Say why you are silencing it.';
  else if (trimmed.length > OPERATIONS_LIMITS.maxCommentLength) {
    commentInvalid = `At most ${OPERATIONS_LIMITS.maxCommentLength} characters.`;
  }
  const invalid = 'invalid' in duration ? duration.invalid : commentInvalid;
  const until =
    'minutes' in duration
      ? new Date(now() + duration.minutes * 60_000)
      : undefined;

  const submit = async () => {
    if (!('minutes' in duration) || commentInvalid) return;
    setSending(true);
    setError(undefined);
    try {
      const response = await api.createSilence(target, {
        fingerprint: alert.fingerprint,
        durationMinutes: duration.minutes,
        comment: trimmed,
      });
      onSilenced(response);
    } catch (e) {
      setError(describeError(e));
      setSending(false);
    }
  };

  return (
    <FormDialog
      title={`Silence ${alert.name}`}
      onClose={onClose}
      data-testid={testIds.silenceDialog}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            color="primary"
            variant="contained"
            onClick={submit}
            disabled={!!invalid || sending}
            data-testid={testIds.silenceConfirm}
          >
            {sending ? 'Silencing…' : 'Silence'}
          </Button>
        </>
      }
    >
      <Box display="flex" flexWrap="wrap" style={{ gap: 16 }}>
        <TextField
          select
          label="For"
          value={choice}
          onChange={e => setChoice(e.target.value as SilenceDurationChoice)}
          SelectProps={{
            SelectDisplayProps: {
              'data-testid': testIds.silenceDuration,
            } as React.HTMLAttributes<HTMLDivElement>,
          }}
          style={{ minWidth: 160 }}
        >
          {SILENCE_DURATIONS.map(d => (
            <MenuItem key={d.value} value={d.value}>
              {d.label}
            </MenuItem>
          ))}
        </TextField>
        {choice === 'custom' && (
          <TextField
            label="Hours"
            type="number"
            value={customHours}
            onChange={e => setCustomHours(e.target.value)}
            inputProps={{
              min: 0,
              max: MAX_SILENCE_HOURS,
              step: 0.5,
              'data-testid': testIds.silenceCustom,
            }}
            helperText={`Up to ${MAX_SILENCE_HOURS} hours (7 days)`}
            error={'invalid' in duration}
          />
        )}
      </Box>
      <Box mt={2}>
        <TextField
          label="Comment"
          required
          fullWidth
          multiline
          minRows={2}
          value={comment}
          onChange={e => setComment(e.target.value)}
          inputProps={{
            maxLength: OPERATIONS_LIMITS.maxCommentLength,
            'data-testid': testIds.silenceComment,
          }}
          helperText="Why; shown in Alertmanager with your name."
        />
      </Box>
      <ChangeSummary
        heading="What will be silenced"
        testId={testIds.silenceSummary}
        problem={invalid}
      >
        {until && 'minutes' in duration
          ? `Alertmanager will mute every alert with exactly these labels — ${describeLabels(
              alert.labels,
            )} — for ${formatMinutes(duration.minutes)}, until ${formatDateTime(
              until,
            )}.`
          : `Alerts with exactly these labels: ${describeLabels(
              alert.labels,
            )}.`}
      </ChangeSummary>
      {error && (
        <Box mt={2} data-testid={testIds.silenceFailed}>
          <StatusError>{error}</StatusError>
        </Box>
      )}
    </FormDialog>
  );
}
