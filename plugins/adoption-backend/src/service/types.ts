import type {
  ActionsResponse,
  ActiveUsersResponse,
  Grain,
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
} from '@atrium/plugin-adoption-common';
import type { DayRange } from '../store/InsightsQueries';

/** What the router hands over to: collection, Insights and the NPS survey. Callers are checked by the router. */
export interface AdoptionService {
  /**
   * Stores a batch's valid events as the user's (their id pseudonymized if configured, with their teams), or,
   * for `null`, as no one's (events a system found: in no per-user figure); `rejected` lists the others.
   * Throws InputError when the body is not a batch at all.
   */
  recordEvents(
    body: unknown,
    userEntityRef: string | null,
  ): Promise<Required<PostEventsResponse>>;

  activeUsers(range: DayRange, grain: Grain): Promise<ActiveUsersResponse>;
  teams(range: DayRange): Promise<TeamsResponse>;
  top(range: DayRange, kind: TopKind, limit: number): Promise<TopResponse>;
  searches(range: DayRange): Promise<SearchesResponse>;
  templates(range: DayRange): Promise<TemplatesResponse>;
  actions(range: DayRange): Promise<ActionsResponse>;
  nps(range: DayRange): Promise<NpsResponse>;
  npsComments(range: DayRange): Promise<NpsCommentsResponse>;
  summary(): Promise<SummaryResponse>;

  survey(userEntityRef: string): Promise<NpsSurveyResponse>;
  /** ConflictError when the user already answered this quarter. */
  answer(
    userEntityRef: string,
    answer: NpsAnswerRequest,
  ): Promise<{ id: string }>;
  dismiss(userEntityRef: string): Promise<void>;
  myAnswers(userEntityRef: string): Promise<{ answers: NpsAnswer[] }>;
  /** NotFoundError unless the answer is the user's own. */
  deleteAnswer(userEntityRef: string, id: string): Promise<void>;

  /** Removes events older than the retention; says how many. */
  purge(): Promise<number>;
}
