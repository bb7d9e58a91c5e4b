import { type ReactNode, useEffect, useState } from 'react';
import { Box, Card, CardContent, Link, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  type Column,
  describeError,
  SectionHeader,
  SimpleTable,
} from '@atrium/ui';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  adoptionApiRef,
  type AdoptionApi,
  type CsvEndpoint,
  type CsvQuery,
} from '../api';

export type Loaded<T> = {
  value?: T;
  error?: Error;
  loading: boolean;
  retry: () => void;
};

/** One Insights call on the adoption API, asked again when `deps` change (the range). */
export function useInsight<T>(
  load: (api: AdoptionApi) => Promise<T>,
  deps: unknown[],
): Loaded<T> {
  const api = useApi(adoptionApiRef);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useAsyncRetry(() => load(api), [api, ...deps]);
}

/**
 * "Download CSV": the same endpoint with `format=csv`. The link carries the URL; a click fetches it with the
 * user's token (a plain link would go without one) and saves the file.
 */
export function CsvLink(props: {
  endpoint: CsvEndpoint;
  query: CsvQuery;
  filename: string;
  label?: string;
}) {
  const api = useApi(adoptionApiRef);
  const { endpoint, query, filename } = props;
  const [href, setHref] = useState<string>();
  const [error, setError] = useState<string>();
  const queryKey = JSON.stringify(query);
  useEffect(() => {
    let live = true;
    api.csvUrl(endpoint, JSON.parse(queryKey)).then(
      url => live && setHref(url),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, endpoint, queryKey]);

  const download = async (event: React.MouseEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const blob = await api.getCsv(endpoint, JSON.parse(queryKey));
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(`Could not download the CSV: ${describeError(e)}`);
    }
  };

  return (
    <Box component="span" display="inline-flex" alignItems="center">
      <Link
        href={href ?? '#'}
        download={filename}
        onClick={download}
        variant="body2"
        data-csv={endpoint}
      >
        {props.label ?? 'Download CSV'}
      </Link>
      {error && (
        <Typography
          variant="caption"
          color="error"
          role="alert"
          style={{ marginLeft: 8 }}
        >
          {error}
        </Typography>
      )}
    </Box>
  );
}

/**
 * A card of the Insights page: its title, the link to its figures as CSV (the same endpoint and query; the file
 * named after the endpoint unless `csv.filename` says), and its content once loaded, or what went wrong.
 */
export function Section<T>(props: {
  title: string;
  id: string;
  state: Loaded<T>;
  csv?: { endpoint: CsvEndpoint; query: CsvQuery; filename?: string };
  children: (value: T) => ReactNode;
}) {
  const { state, csv } = props;
  return (
    <Card
      data-testid={`adoption-section-${props.id}`}
      style={{ height: '100%' }}
    >
      <CardContent>
        <Box mb={2}>
          <SectionHeader
            title={props.title}
            meta={
              csv && (
                <CsvLink
                  endpoint={csv.endpoint}
                  query={csv.query}
                  filename={
                    csv.filename ?? `${csv.endpoint.replace('/', '-')}.csv`
                  }
                />
              )
            }
          />
        </Box>
        {state.error && (
          <Alert severity="error" data-testid={`adoption-error-${props.id}`}>
            Could not load {props.title.toLowerCase()}:{' '}
            {describeError(state.error)}
          </Alert>
        )}
        {!state.error && state.loading && !state.value && <Progress />}
        {!state.error &&
          state.value !== undefined &&
          props.children(state.value)}
      </CardContent>
    </Card>
  );
}

/** A figure with its label: "DAU 12". */
export function Stat(props: {
  label: string;
  value: ReactNode;
  hint?: string;
  id?: string;
}) {
  return (
    <Box mr={4} mb={1} data-stat={props.id} title={props.hint}>
      <Typography variant="caption" color="textSecondary" component="div">
        {props.label}
      </Typography>
      <Typography variant="h5" component="div">
        {props.value}
      </Typography>
    </Box>
  );
}

/**
 * An Insights table (`@atrium/ui`'s): "Nothing in this range." when empty unless it says otherwise; with a
 * `title`, under its own heading, and named by it unless `label` says more.
 */
export function InsightsTable<R>(
  props: {
    columns: Column<R>[];
    rows: R[];
    rowKey: (row: R) => string;
    empty?: string;
  } & (
    | { title: string; label?: string }
    | { title?: undefined; label: string }
  ),
) {
  const { title, label, empty, ...table } = props;
  const shown = (
    <SimpleTable
      {...table}
      label={label ?? title ?? ''}
      empty={empty ?? 'Nothing in this range.'}
    />
  );
  if (!title) return shown;
  return (
    <>
      <SectionHeader title={title} level={3} />
      {shown}
    </>
  );
}
