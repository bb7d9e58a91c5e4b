import Chip from '@material-ui/core/Chip';
import { alpha, makeStyles, Theme } from '@material-ui/core/styles';

/** What a status means, which decides its colour: good, under way, needs a look, broken, or nothing to say. */
export type StatusTone = 'ok' | 'pending' | 'warning' | 'error' | 'neutral';

const TONES: Record<string, StatusTone> = {
  running: 'ok',
  succeeded: 'ok',
  ready: 'ok',
  available: 'ok',
  healthy: 'ok',
  reachable: 'ok',
  normal: 'ok',
  true: 'ok',
  pending: 'pending',
  progressing: 'pending',
  starting: 'pending',
  terminating: 'pending',
  degraded: 'warning',
  warning: 'warning',
  stale: 'warning',
  unknown: 'warning',
  failed: 'error',
  error: 'error',
  crashloopbackoff: 'error',
  unreachable: 'error',
  false: 'error',
};

/** The tone of a status word (`Running`, `Failed`, `Pending`…); `neutral` for one it does not know. */
export function toneOf(status: string | undefined): StatusTone {
  return TONES[(status ?? '').toLowerCase()] ?? 'neutral';
}

function toneColour(theme: Theme, tone: StatusTone): string {
  switch (tone) {
    case 'ok':
      return theme.palette.success.main;
    case 'pending':
      return theme.palette.info.main;
    case 'warning':
      return theme.palette.warning.main;
    case 'error':
      return theme.palette.error.main;
    default:
      return theme.palette.text.secondary;
  }
}

const useStyles = makeStyles<Theme, { tone: StatusTone }>(theme => ({
  chip: ({ tone }) => ({
    height: 22,
    maxWidth: '100%',
    fontWeight: 500,
    // The text keeps the theme's own colour (readable on light and dark); the tone is in the dot and the tint.
    color: theme.palette.text.primary,
    backgroundColor: alpha(toneColour(theme, tone), 0.12),
    border: `1px solid ${alpha(toneColour(theme, tone), 0.5)}`,
  }),
  label: { paddingLeft: 6, paddingRight: 8 },
  dot: ({ tone }) => ({
    width: 8,
    height: 8,
    marginLeft: 6,
    borderRadius: '50%',
    flexShrink: 0,
    backgroundColor: toneColour(theme, tone),
  }),
}));

/**
 * A status as a small chip: a coloured dot and the word, so it reads without colour too. The tone comes from
 * the word (`toneOf`) unless given.
 */
export function StatusChip(props: {
  label: string;
  tone?: StatusTone;
  /** A longer explanation, as the chip's tooltip (e.g. a waiting reason). */
  title?: string;
  'data-testid'?: string;
}) {
  const tone = props.tone ?? toneOf(props.label);
  const classes = useStyles({ tone });
  return (
    <Chip
      size="small"
      label={props.label}
      title={props.title}
      icon={<span className={classes.dot} aria-hidden />}
      classes={{ root: classes.chip, label: classes.label }}
      data-tone={tone}
      data-testid={props['data-testid']}
    />
  );
}
