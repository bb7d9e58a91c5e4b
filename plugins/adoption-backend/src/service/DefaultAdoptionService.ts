import { InputError, NotFoundError } from '@backstage/errors';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  Grain,
  NpsAnswerRequest,
  NpsSurveyResponse,
  TopKind,
} from '@atrium/plugin-adoption-common';
import { DateTime } from 'luxon';
import type { AdoptionConfig } from '../config';
import type { TeamDirectory } from '../catalog/CatalogTeams';
import { dayOf, quarterOf } from '../periods';
import { userIdFor } from '../pseudonymize';
import { parseEventsBatch } from '../request/events';
import type { EventStore } from '../store/EventStore';
import type { DayRange, InsightsQueries } from '../store/InsightsQueries';
import type { NpsStore } from '../store/NpsStore';
import { Insights } from './Insights';
import type { AdoptionService } from './types';

/** Collection, Insights and the NPS survey over the plugin's database and the catalog. */
export class DefaultAdoptionService implements AdoptionService {
  private readonly insights: Insights;

  constructor(
    private readonly deps: {
      config: AdoptionConfig;
      events: EventStore;
      queries: InsightsQueries;
      npsStore: NpsStore;
      teams: TeamDirectory;
      logger: LoggerService;
      now?: () => number;
    },
  ) {
    this.insights = new Insights(
      deps.queries,
      deps.npsStore,
      deps.teams,
      this.now,
    );
  }

  private readonly now = () => (this.deps.now ?? Date.now)();

  private userId(userEntityRef: string) {
    return userIdFor(userEntityRef, this.deps.config.pseudonymizeSecret);
  }

  async recordEvents(body: unknown, userEntityRef: string | null) {
    let batch;
    try {
      batch = parseEventsBatch(body, {
        maxBatchSize: this.deps.config.maxBatchSize,
        now: this.now(),
      });
    } catch (error) {
      throw new InputError((error as Error).message);
    }
    if (batch.valid.length > 0) {
      if (userEntityRef === null) {
        await this.deps.events.insertWithoutUser(batch.valid);
      } else {
        const teams = await this.deps.teams.teamsOf(userEntityRef);
        await this.deps.events.insert(
          this.userId(userEntityRef),
          teams,
          batch.valid,
        );
      }
    }
    return { accepted: batch.valid.length, rejected: batch.rejected };
  }

  activeUsers(range: DayRange, grain: Grain) {
    return this.insights.activeUsers(range, grain);
  }
  teams(range: DayRange) {
    return this.insights.teamsActive(range);
  }
  top(range: DayRange, kind: TopKind, limit: number) {
    return this.insights.top(range, kind, limit);
  }
  searches(range: DayRange) {
    return this.insights.searches(range);
  }
  templates(range: DayRange) {
    return this.insights.templates(range);
  }
  actions(range: DayRange) {
    return this.insights.actions(range);
  }
  nps(range: DayRange) {
    return this.insights.npsFigures(range);
  }
  npsComments(range: DayRange) {
    return this.insights.npsComments(range);
  }
  summary() {
    return this.insights.summary();
  }

  async survey(userEntityRef: string): Promise<NpsSurveyResponse> {
    const { enabled, minActiveDays } = this.deps.config.nps;
    if (!enabled) return { show: false, reason: 'disabled' };
    const userId = this.userId(userEntityRef);
    const quarter = quarterOf(this.now());
    if (await this.deps.npsStore.hasAnswered(userId, quarter)) {
      return { show: false, reason: 'answered' };
    }
    if (await this.deps.npsStore.hasDismissed(userId, quarter)) {
      return { show: false, reason: 'dismissed' };
    }
    const days = await this.deps.queries.activeDays(userId);
    if (days < minActiveDays) {
      return { show: false, reason: 'not-enough-activity' };
    }
    return { show: true, reason: 'eligible' };
  }

  async answer(userEntityRef: string, answer: NpsAnswerRequest) {
    const now = this.now();
    const teams = await this.deps.teams.teamsOf(userEntityRef);
    const id = await this.deps.npsStore.answer({
      userId: this.userId(userEntityRef),
      quarter: quarterOf(now),
      score: answer.score,
      comment: answer.comment,
      teamRef: teams[0] ?? null,
      now,
    });
    return { id };
  }

  async dismiss(userEntityRef: string) {
    const now = this.now();
    await this.deps.npsStore.dismiss(
      this.userId(userEntityRef),
      quarterOf(now),
      now,
    );
  }

  async myAnswers(userEntityRef: string) {
    return {
      answers: await this.deps.npsStore.mine(this.userId(userEntityRef)),
    };
  }

  async deleteAnswer(userEntityRef: string, id: string) {
    if (!(await this.deps.npsStore.remove(this.userId(userEntityRef), id))) {
      throw new NotFoundError(`no answer ${id} of yours`);
    }
  }

  async purge() {
    const cutOff = DateTime.fromMillis(this.now(), { zone: 'utc' })
      .minus(this.deps.config.retention)
      .toMillis();
    return this.deps.events.purge(dayOf(cutOff));
  }
}
