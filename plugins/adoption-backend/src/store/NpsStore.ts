import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { ConflictError } from '@backstage/errors';
import type { NpsAnswer } from '@atrium/plugin-adoption-common';

/** An answer as Insights reads it. */
export interface StoredAnswer {
  score: number;
  comment: string | null;
  quarter: string;
  teamRef: string | null;
  createdAt: number;
}

const num = (v: unknown) => Number(v ?? 0);

/** The NPS survey's answers and dismissals: at most one answer (and one dismissal) a user and quarter. */
export class NpsStore {
  constructor(private readonly knex: Knex) {}

  async hasAnswered(userId: string, quarter: string): Promise<boolean> {
    const row = await this.knex('adoption_nps_answers')
      .first('id')
      .where({ user_id: userId, quarter });
    return Boolean(row);
  }

  async hasDismissed(userId: string, quarter: string): Promise<boolean> {
    const row = await this.knex('adoption_nps_dismissals')
      .first('user_id')
      .where({ user_id: userId, quarter });
    return Boolean(row);
  }

  /** Stores an answer; a second one in the same quarter is a ConflictError (409), also under a race (the key). */
  async answer(options: {
    userId: string;
    quarter: string;
    score: number;
    comment?: string;
    teamRef: string | null;
    now: number;
  }): Promise<string> {
    const conflict = () =>
      new ConflictError(
        `you already answered the survey in ${options.quarter}`,
      );
    if (await this.hasAnswered(options.userId, options.quarter))
      throw conflict();
    const id = randomUUID();
    try {
      await this.knex('adoption_nps_answers').insert({
        id,
        user_id: options.userId,
        quarter: options.quarter,
        score: options.score,
        comment: options.comment ?? null,
        team_ref: options.teamRef,
        created_at: options.now,
      });
    } catch (error) {
      if (await this.hasAnswered(options.userId, options.quarter))
        throw conflict();
      throw error;
    }
    return id;
  }

  /** Records a dismissal; a second one in the same quarter changes nothing. */
  async dismiss(userId: string, quarter: string, now: number): Promise<void> {
    await this.knex('adoption_nps_dismissals')
      .insert({ user_id: userId, quarter, created_at: now })
      .onConflict(['user_id', 'quarter'])
      .ignore();
  }

  async mine(userId: string): Promise<NpsAnswer[]> {
    const rows = await this.knex('adoption_nps_answers')
      .select('id', 'score', 'comment', 'created_at')
      .where('user_id', userId)
      .orderBy('created_at', 'desc');
    return rows.map(r => ({
      id: String(r.id),
      score: num(r.score),
      comment: r.comment ?? null,
      createdAt: new Date(num(r.created_at)).toISOString(),
    }));
  }

  /** Removes one of the user's own answers; false when they have none with that id. */
  async remove(userId: string, id: string): Promise<boolean> {
    const removed = await this.knex('adoption_nps_answers')
      .where({ id, user_id: userId })
      .delete();
    return removed > 0;
  }

  /** Answers given from `from` to `to` (epoch ms, both included). */
  async answers(from: number, to: number): Promise<StoredAnswer[]> {
    const rows = await this.knex('adoption_nps_answers')
      .select('score', 'comment', 'quarter', 'team_ref', 'created_at')
      .whereBetween('created_at', [from, to])
      .orderBy('created_at', 'desc');
    return rows.map(r => ({
      score: num(r.score),
      comment: r.comment ?? null,
      quarter: String(r.quarter),
      teamRef: r.team_ref ?? null,
      createdAt: num(r.created_at),
    }));
  }

  async dismissals(from: number, to: number): Promise<number> {
    const [row] = await this.knex('adoption_nps_dismissals')
      .count({ n: '*' })
      .whereBetween('created_at', [from, to]);
    return num(row?.n);
  }
}
