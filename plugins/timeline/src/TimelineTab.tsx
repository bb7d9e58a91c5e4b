import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import {
  Box,
  Chip,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import {
  TIMELINE_EVENT_KINDS,
  type TimelineEvent,
  type TimelineEventKind,
} from '@atrium/plugin-timeline-common';
import {
  EmptyLine,
  RangePicker,
  SectionHeader,
  StatusChip,
  type RangeOption,
  type StatusTone,
} from '@atrium/ui';
import { timelineApiRef } from './api';

/** What each kind is called in the filter and on an event. */
export const KIND_LABELS: Record<TimelineEventKind, string> = {
  deploy: 'Deploys',
  rollback: 'Rollbacks',
  restart: 'Restarts',
  scale: 'Scaling',
  action: 'Actions',
  'alert-firing': 'Alerts firing',
  'alert-resolved': 'Alerts resolved',
  'catalog-change': 'Catalog changes',
};

/** How each kind reads at a glance: what broke, what came back, what was undone, and the rest. */
const KIND_TONES: Record<TimelineEventKind, StatusTone> = {
  deploy: 'neutral',
  rollback: 'warning',
  restart: 'neutral',
  scale: 'neutral',
  action: 'neutral',
  'alert-firing': 'error',
  'alert-resolved': 'ok',
  'catalog-change': 'neutral',
};

const RANGES = { '24h': 1, '7d': 7, '30d': 30 } as const;
type Range = keyof typeof RANGES;
const RANGE_OPTIONS: ReadonlyArray<RangeOption<Range>> = [
  { value: '24h', label: '24 hours', ariaLabel: 'Last 24 hours' },
  { value: '7d', label: '7 days', ariaLabel: 'Last 7 days' },
  { value: '30d', label: '30 days', ariaLabel: 'Last 30 days' },
];

/** Events by day (the viewer's local day), newest first, as the page lists them. */
export function byDay(
  events: TimelineEvent[],
): Array<[string, TimelineEvent[]]> {
  const days = new Map<string, TimelineEvent[]>();
  for (const event of events) {
    const day = new Date(event.at).toLocaleDateString('en-GB', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
    });
    days.set(day, [...(days.get(day) ?? []), event]);
  }
  return [...days];
}

/**
 * A component's timeline: deploys and rollbacks, scaling, audited actions, alerts firing and resolving and
 * catalog changes, newest first, filterable by kind: the place to look first when something broke. A source
 * that could not answer (a cluster down, Alertmanager unreachable) is named above the events the others gave.
 */
export function TimelineTab() {
  const { entity } = useEntity();
  const api = useApi(timelineApiRef);
  const [kinds, setKinds] = useState<TimelineEventKind[]>([]);
  const [range, setRange] = useState<Range>('7d');

  const page = useAsync(async () => {
    const to = new Date();
    const from = new Date(to.getTime() - RANGES[range] * 24 * 3600 * 1000);
    return api.getEntityEvents(
      {
        kind: entity.kind.toLocaleLowerCase('en-US'),
        namespace: entity.metadata.namespace ?? 'default',
        name: entity.metadata.name,
      },
      { kinds, from: from.toISOString(), to: to.toISOString() },
    );
  }, [api, entity, kinds.join(','), range]);

  const toggle = (kind: TimelineEventKind) =>
    setKinds(
      kinds.includes(kind) ? kinds.filter(k => k !== kind) : [...kinds, kind],
    );

  return (
    <InfoCard>
      <Box mb={1}>
        <SectionHeader
          title="Timeline"
          subtitle="What happened to this service, newest first"
        />
      </Box>
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        mb={2}
        style={{ gap: 8 }}
      >
        {TIMELINE_EVENT_KINDS.map(kind => (
          <Chip
            key={kind}
            label={KIND_LABELS[kind]}
            clickable
            color={kinds.includes(kind) ? 'primary' : 'default'}
            onClick={() => toggle(kind)}
            aria-pressed={kinds.includes(kind)}
          />
        ))}
        <Box ml="auto">
          <RangePicker
            aria-label="Time range"
            value={range}
            options={RANGE_OPTIONS}
            onChange={setRange}
          />
        </Box>
      </Box>
      {page.loading && <Progress />}
      {page.error && <ResponseErrorPanel error={page.error} />}
      {page.value?.errors.map(e => (
        <WarningPanel
          key={e.source}
          severity="warning"
          title={`Part of the timeline is missing: ${e.source}`}
          message={e.message}
        />
      ))}
      {page.value && page.value.items.length === 0 && (
        <EmptyLine>
          Nothing happened in this range{kinds.length ? ' of these kinds' : ''}.
        </EmptyLine>
      )}
      {page.value &&
        byDay(page.value.items).map(([day, events]) => (
          <Box key={day} mb={2}>
            <Typography variant="overline">{day}</Typography>
            <List dense disablePadding>
              {events.map(event => (
                <ListItem key={event.id} data-kind={event.kind} divider>
                  <Box minWidth={64} mr={2}>
                    <Typography variant="body2" color="textSecondary">
                      {new Date(event.at).toLocaleTimeString('en-GB', {
                        hour: '2-digit',
                        minute: '2-digit',
                      })}
                    </Typography>
                  </Box>
                  <Box minWidth={130} mr={2}>
                    <StatusChip
                      label={KIND_LABELS[event.kind]}
                      tone={KIND_TONES[event.kind]}
                    />
                  </Box>
                  <ListItemText
                    primary={event.title}
                    // A div: the result's chip is one too.
                    secondaryTypographyProps={{ component: 'div' }}
                    secondary={
                      <>
                        {event.detail}
                        {event.detail && event.actor ? ' · ' : ''}
                        {event.actor && (
                          <>
                            by <EntityRefLink entityRef={event.actor} />
                          </>
                        )}
                        {event.cluster && (event.detail || event.actor)
                          ? ' · '
                          : ''}
                        {event.cluster}
                        {event.result && event.result !== 'succeeded' && (
                          <>
                            {' · '}
                            <StatusChip label={event.result} />
                          </>
                        )}
                      </>
                    }
                  />
                </ListItem>
              ))}
            </List>
          </Box>
        ))}
    </InfoCard>
  );
}
