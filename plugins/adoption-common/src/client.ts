import {
  PluginApiClient,
  type PluginApiClientOptions,
  queryString,
} from '@atrium/api-client';
import type {
  ActionsResponse,
  ActiveUsersResponse,
  AdoptionEvent,
  Grain,
  InsightsQuery,
  NpsAnswer,
  NpsAnswerRequest,
  NpsCommentsResponse,
  NpsResponse,
  NpsSurveyResponse,
  PostEventsResponse,
  SearchesResponse,
  SummaryResponse,
  TeamsResponse,
  TemplatesResponse,
  TopKind,
  TopResponse,
} from './api';

export interface AdoptionRequestOptions {
  /** A Backstage token, for callers whose fetch does not add one. */
  token?: string;
  signal?: AbortSignal;
}

/** The adoption API's typed client (`/api/adoption`). */
export class AdoptionClient extends PluginApiClient {
  constructor(options: PluginApiClientOptions) {
    super('adoption', options);
  }

  postEvents(events: AdoptionEvent[], options?: AdoptionRequestOptions) {
    return this.request<PostEventsResponse>({
      method: 'POST',
      path: '/events',
      body: { events },
      ...options,
    });
  }

  private insights<T>(
    path: string,
    query: Record<string, string | number | undefined>,
    options?: AdoptionRequestOptions,
  ) {
    return this.request<T>({
      path: `/insights/${path}${queryString(query)}`,
      ...options,
    });
  }

  getActiveUsers(
    query: InsightsQuery & { grain?: Grain },
    options?: AdoptionRequestOptions,
  ) {
    return this.insights<ActiveUsersResponse>(
      'active-users',
      { ...query },
      options,
    );
  }

  getTeams(query: InsightsQuery, options?: AdoptionRequestOptions) {
    return this.insights<TeamsResponse>('teams', { ...query }, options);
  }

  getTop(
    query: InsightsQuery & { kind: TopKind; limit?: number },
    options?: AdoptionRequestOptions,
  ) {
    return this.insights<TopResponse>('top', { ...query }, options);
  }

  getSearches(query: InsightsQuery, options?: AdoptionRequestOptions) {
    return this.insights<SearchesResponse>('searches', { ...query }, options);
  }

  getTemplates(query: InsightsQuery, options?: AdoptionRequestOptions) {
    return this.insights<TemplatesResponse>('templates', { ...query }, options);
  }

  getActions(query: InsightsQuery, options?: AdoptionRequestOptions) {
    return this.insights<ActionsResponse>('actions', { ...query }, options);
  }

  getNps(query: InsightsQuery, options?: AdoptionRequestOptions) {
    return this.insights<NpsResponse>('nps', { ...query }, options);
  }

  getNpsComments(query: InsightsQuery, options?: AdoptionRequestOptions) {
    return this.insights<NpsCommentsResponse>(
      'nps/comments',
      { ...query },
      options,
    );
  }

  getSummary(options?: AdoptionRequestOptions) {
    return this.insights<SummaryResponse>('summary', {}, options);
  }

  getSurvey(options?: AdoptionRequestOptions) {
    return this.request<NpsSurveyResponse>({ path: '/nps/survey', ...options });
  }

  answerNps(answer: NpsAnswerRequest, options?: AdoptionRequestOptions) {
    return this.request<{ id: string }>({
      method: 'POST',
      path: '/nps/answers',
      body: answer,
      ...options,
    });
  }

  dismissNps(options?: AdoptionRequestOptions) {
    return this.request<void>({
      method: 'POST',
      path: '/nps/dismissals',
      ...options,
    });
  }

  getMyAnswers(options?: AdoptionRequestOptions) {
    return this.request<{ answers: NpsAnswer[] }>({
      path: '/nps/answers/mine',
      ...options,
    });
  }

  deleteAnswer(id: string, options?: AdoptionRequestOptions) {
    return this.request<void>({
      method: 'DELETE',
      path: `/nps/answers/${encodeURIComponent(id)}`,
      ...options,
    });
  }
}
