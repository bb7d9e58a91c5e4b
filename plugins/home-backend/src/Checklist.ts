import type { Config } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import type { Knex } from 'knex';
import type { Checklist, ChecklistItem } from '@atrium/plugin-home-common';
import type { ChecklistService } from './types';

const TABLE = 'home_checklist';
const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

export interface ChecklistConfig {
  title: string;
  items: ChecklistItem[];
}

/** Reads `home.checklist`, refusing ids that repeat or cannot be stored and links that are not http(s) or paths. */
export function readChecklistConfig(config: Config): ChecklistConfig {
  const c = config.getOptionalConfig('home.checklist');
  const items = (c?.getOptionalConfigArray('items') ?? []).map(item => ({
    id: item.getString('id'),
    title: item.getString('title'),
    description: item.getOptionalString('description'),
    url: item.getOptionalString('url'),
  }));
  const seen = new Set<string>();
  for (const item of items) {
    if (!ID.test(item.id)) {
      throw new Error(
        `home.checklist.items: id "${item.id}" must be 1-100 letters, digits, - or _`,
      );
    }
    if (seen.has(item.id)) {
      throw new Error(`home.checklist.items: id "${item.id}" is listed twice`);
    }
    seen.add(item.id);
    if (item.url && !/^(https?:\/\/|\/(?!\/))/.test(item.url)) {
      throw new Error(
        `home.checklist.items: "${item.id}" links to ${item.url}; use an http(s) URL or a path in Atrium`,
      );
    }
  }
  return { title: c?.getOptionalString('title') ?? 'Your first week', items };
}

interface Row {
  user_ref: string;
  item_id: string;
  done_at: string | Date;
}

/** The first-week checklist from config, and each user's progress in the home plugin's database. */
export class FirstWeekChecklist implements ChecklistService {
  constructor(
    private readonly knex: Knex,
    private readonly config: ChecklistConfig,
  ) {}

  async forUser(userRef: string): Promise<Checklist> {
    const rows = await this.knex<Row>(TABLE).where({
      user_ref: userRef.toLocaleLowerCase('en-US'),
    });
    const done = new Map(rows.map(r => [r.item_id, r.done_at]));
    return {
      title: this.config.title,
      items: this.config.items.map(item =>
        done.has(item.id)
          ? {
              ...item,
              done: true,
              doneAt: new Date(done.get(item.id)!).toISOString(),
            }
          : { ...item, done: false },
      ),
    };
  }

  async set(
    userRef: string,
    itemId: string,
    done: unknown,
    now = new Date(),
  ): Promise<Checklist> {
    if (typeof done !== 'boolean') {
      throw new InputError('Send { "done": true } or { "done": false }');
    }
    if (!this.config.items.some(i => i.id === itemId)) {
      throw new NotFoundError(`The checklist has no step "${itemId}"`);
    }
    const key = {
      user_ref: userRef.toLocaleLowerCase('en-US'),
      item_id: itemId,
    };
    if (done) {
      await this.knex<Row>(TABLE)
        .insert({ ...key, done_at: now })
        .onConflict(['user_ref', 'item_id'])
        .ignore();
    } else {
      await this.knex<Row>(TABLE).where(key).delete();
    }
    return this.forUser(userRef);
  }
}
