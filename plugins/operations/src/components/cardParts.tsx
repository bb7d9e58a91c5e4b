import Box from '@material-ui/core/Box';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { describeError, NotSetUp, SectionHeader } from '@atrium/ui';
import type { ReactNode } from 'react';
import { testIds } from '../lib/testIds';

/** One operations card's read: its answer (configured or not), or why it failed, and reading it again. */
export interface CardRead<R> {
  value?: R;
  error?: Error;
  loading: boolean;
  retry: () => void;
}

/** A failed read: `Could not load the <what>`, and what the API said. */
function LoadError(props: { testId: string; what: string; error: Error }) {
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

/** What tells the two cards apart: their title, their test ids and what they say when not set up. */
const CARDS = {
  alerts: {
    title: 'Alerts',
    testId: testIds.alertsCard,
    errorTestId: testIds.alertsError,
    notSetUpTestId: testIds.alertsNotConfigured,
  },
  metrics: {
    title: 'Metrics',
    testId: testIds.metricsCard,
    errorTestId: testIds.metricsError,
    notSetUpTestId: testIds.metricsNotConfigured,
  },
};

/**
 * What the operations cards do alike: a header with the card's title and Refresh (disabled while a read is under
 * way), progress while reading, the failed read, a source that is not set up and how to set it up, and the
 * configured answer (`children`). `keepWhileLoading`: the last answer stays up while it is read again (the alerts
 * after a silence); otherwise it goes until the new one is in (the metrics of another range).
 */
export function OperationsCard<
  R extends { configured: true } | { configured: false; howTo: string },
>(props: {
  /** What the card reads, which names it ("Alerts", "Refresh alerts", "Could not load the alerts"). */
  what: keyof typeof CARDS;
  read: CardRead<R>;
  subtitle?: ReactNode;
  /** Controls of the card, beside its title (a range picker). */
  meta?: ReactNode;
  keepWhileLoading?: boolean;
  children: (answer: Extract<R, { configured: true }>) => ReactNode;
}) {
  const { read, what } = props;
  const card = CARDS[what];
  const answer = read.value;
  const current = !read.loading || props.keepWhileLoading;
  return (
    <div data-testid={card.testId}>
      <InfoCard>
        <Box mb={1}>
          <SectionHeader
            title={card.title}
            subtitle={props.subtitle}
            meta={props.meta}
            actions={[
              {
                label: 'Refresh',
                ariaLabel: `Refresh ${what}`,
                onClick: read.retry,
                disabled: read.loading,
              },
            ]}
          />
        </Box>
        {read.loading && (!answer || !props.keepWhileLoading) && <Progress />}
        {!read.loading && read.error && (
          <LoadError testId={card.errorTestId} what={what} error={read.error} />
        )}
        {current && answer && !answer.configured && (
          <NotSetUp
            data-testid={card.notSetUpTestId}
            title={`${card.title} are not set up`}
            howTo={answer.howTo}
          />
        )}
        {current &&
          answer?.configured &&
          props.children(answer as Extract<R, { configured: true }>)}
      </InfoCard>
    </div>
  );
}
