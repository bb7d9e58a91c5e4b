import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  AdoptionClient,
  type InsightsQuery,
} from '@atrium/plugin-adoption-common';
import type { PluginApiClientOptions } from '@atrium/api-client';
import { ResponseError } from '@backstage/errors';

/** The Insights endpoints that answer CSV too (`format=csv`), below `/api/adoption/insights/`. */
export type CsvEndpoint =
  | 'active-users'
  | 'teams'
  | 'top'
  | 'searches'
  | 'templates'
  | 'actions'
  | 'nps'
  | 'nps/comments';

export type CsvQuery = InsightsQuery &
  Record<string, string | number | undefined>;

/** The adoption API as the frontend uses it: the typed client, plus the CSV of any Insights endpoint. */
export type AdoptionApi = Pick<
  AdoptionClient,
  | 'getActiveUsers'
  | 'getTeams'
  | 'getTop'
  | 'getSearches'
  | 'getTemplates'
  | 'getActions'
  | 'getNps'
  | 'getNpsComments'
  | 'getSummary'
  | 'getSurvey'
  | 'answerNps'
  | 'dismissNps'
  | 'getMyAnswers'
  | 'deleteAnswer'
> & {
  /** The endpoint's URL with `format=csv` (what the "Download CSV" links point at). */
  csvUrl(endpoint: CsvEndpoint, query: CsvQuery): Promise<string>;
  /** The endpoint's CSV, fetched with the user's token. */
  getCsv(endpoint: CsvEndpoint, query: CsvQuery): Promise<Blob>;
};

export const adoptionApiRef = createApiRef<AdoptionApi>().with({
  id: 'plugin.adoption.api',
  pluginId: 'adoption',
});

function csvQuery(query: CsvQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  params.set('format', 'csv');
  return params.toString();
}

/** `AdoptionClient` of `@atrium/plugin-adoption-common` with the CSV downloads the Insights page offers. */
export class AdoptionFrontendClient
  extends AdoptionClient
  implements AdoptionApi
{
  private readonly discovery: PluginApiClientOptions['discoveryApi'];
  private readonly fetcher: { fetch: typeof fetch };

  constructor(options: Required<PluginApiClientOptions>) {
    super(options);
    this.discovery = options.discoveryApi;
    this.fetcher = options.fetchApi;
  }

  async csvUrl(endpoint: CsvEndpoint, query: CsvQuery): Promise<string> {
    const base = await this.discovery.getBaseUrl('adoption');
    return `${base}/insights/${endpoint}?${csvQuery(query)}`;
  }

  async getCsv(endpoint: CsvEndpoint, query: CsvQuery): Promise<Blob> {
    const response = await this.fetcher.fetch(
      await this.csvUrl(endpoint, query),
      { headers: { accept: 'text/csv' } },
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response.blob();
  }
}
