import { useState } from 'react';
import {
  Box,
  Button,
  IconButton,
  List,
  ListItem,
  ListItemSecondaryAction,
  ListItemText,
  MenuItem,
  TextField,
  Typography,
} from '@material-ui/core';
import ArrowUpward from '@material-ui/icons/ArrowUpward';
import ArrowDownward from '@material-ui/icons/ArrowDownward';
import Close from '@material-ui/icons/Close';
import type { EffectiveHomeLayout } from '@atrium/plugin-home-common';

/** A widget as the editor lists it. */
export interface WidgetChoice {
  key: string;
  title: string;
}

/** Where a layout is saved: the user's own, a team's default, or everyone's. */
export type SaveTarget =
  | { scope: 'user' }
  | { scope: 'group'; ref: string }
  | { scope: 'global' };

/**
 * Arranging Home: the widgets shown, in order, to move up or down or remove, and the others to add. Saved for
 * the user, or as the default of one of their teams, or (platform admins) for everyone.
 */
export function HomeLayoutEditor(props: {
  available: WidgetChoice[];
  shown: string[];
  effective: EffectiveHomeLayout | undefined;
  busy: boolean;
  onSave(widgets: string[], target: SaveTarget): void;
  onResetMine(): void;
  onCancel(): void;
}) {
  const { available, effective, busy } = props;
  const [order, setOrder] = useState(props.shown);
  const [adding, setAdding] = useState('');
  const titles = new Map(available.map(w => [w.key, w.title]));
  const addable = available.filter(w => !order.includes(w.key));

  const move = (index: number, by: number) => {
    const next = [...order];
    const [item] = next.splice(index, 1);
    next.splice(index + by, 0, item);
    setOrder(next);
  };

  return (
    <Box
      component="section"
      aria-label="Arrange Home"
      data-testid="home-layout-editor"
      mb={3}
      p={2}
      border={1}
      borderColor="divider"
      borderRadius={4}
    >
      <Typography variant="h6">Arrange Home</Typography>
      <List dense>
        {order.map((key, index) => (
          <ListItem key={key} data-widget-key={key}>
            <ListItemText primary={titles.get(key) ?? key} />
            <ListItemSecondaryAction>
              <IconButton
                aria-label={`Move ${titles.get(key) ?? key} up`}
                disabled={index === 0}
                onClick={() => move(index, -1)}
              >
                <ArrowUpward fontSize="small" />
              </IconButton>
              <IconButton
                aria-label={`Move ${titles.get(key) ?? key} down`}
                disabled={index === order.length - 1}
                onClick={() => move(index, 1)}
              >
                <ArrowDownward fontSize="small" />
              </IconButton>
              <IconButton
                aria-label={`Remove ${titles.get(key) ?? key}`}
                onClick={() => setOrder(order.filter(k => k !== key))}
              >
                <Close fontSize="small" />
              </IconButton>
            </ListItemSecondaryAction>
          </ListItem>
        ))}
      </List>
      {addable.length > 0 && (
        <Box display="flex" alignItems="center" mb={2}>
          <TextField
            select
            id="home-layout-add"
            label="Add a widget"
            value={adding}
            onChange={e => setAdding(e.target.value as string)}
            style={{ minWidth: 240 }}
          >
            {addable.map(w => (
              <MenuItem key={w.key} value={w.key}>
                {w.title}
              </MenuItem>
            ))}
          </TextField>
          <Box ml={1}>
            <Button
              disabled={!adding}
              onClick={() => {
                setOrder([...order, adding]);
                setAdding('');
              }}
            >
              Add
            </Button>
          </Box>
        </Box>
      )}
      <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
        <Button
          variant="contained"
          color="primary"
          disabled={busy}
          onClick={() => props.onSave(order, { scope: 'user' })}
        >
          Save for me
        </Button>
        {effective?.editableGroups.map(g => (
          <Button
            key={g.ref}
            variant="outlined"
            disabled={busy}
            onClick={() => props.onSave(order, { scope: 'group', ref: g.ref })}
          >
            Save as {g.title}'s default
          </Button>
        ))}
        {effective?.canEditGlobal && (
          <Button
            variant="outlined"
            disabled={busy}
            onClick={() => props.onSave(order, { scope: 'global' })}
          >
            Save as everyone's default
          </Button>
        )}
        {effective?.layout?.scope === 'user' && (
          <Button disabled={busy} onClick={props.onResetMine}>
            Use my team's default
          </Button>
        )}
        <Button disabled={busy} onClick={props.onCancel}>
          Cancel
        </Button>
      </Box>
    </Box>
  );
}
