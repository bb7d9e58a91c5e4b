import type { Knex } from 'knex';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type {
  HomeLayout,
  HomeLayoutScope,
  StoredHomeLayout,
} from '@atrium/plugin-home-common';

const TABLE = 'home_layouts';

interface Row {
  scope: HomeLayoutScope;
  subject: string;
  widgets: string;
  updated_by: string;
  updated_at: string | Date;
}

function fromRow(row: Row): StoredHomeLayout {
  return {
    scope: row.scope,
    subject: row.subject,
    widgets: JSON.parse(row.widgets),
    updatedBy: row.updated_by,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** Home layouts in the home plugin's database (SQLite or PostgreSQL). Subjects are stored lower-case. */
export class LayoutStore {
  static async create(knex: Knex): Promise<LayoutStore> {
    await knex.migrate.latest({
      directory: resolvePackagePath(
        '@atrium/plugin-home-backend',
        'migrations',
      ),
    });
    return new LayoutStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  async get(
    scope: HomeLayoutScope,
    subject: string,
  ): Promise<StoredHomeLayout | null> {
    const row = await this.knex<Row>(TABLE)
      .where({ scope, subject: subject.toLocaleLowerCase('en-US') })
      .first();
    return row ? fromRow(row) : null;
  }

  /** The stored layouts of `subjects` in one query, in the order of `subjects`. */
  async getMany(
    scope: HomeLayoutScope,
    subjects: string[],
  ): Promise<StoredHomeLayout[]> {
    if (subjects.length === 0) return [];
    const keys = subjects.map(s => s.toLocaleLowerCase('en-US'));
    const rows = await this.knex<Row>(TABLE)
      .where({ scope })
      .whereIn('subject', keys);
    const bySubject = new Map(rows.map(r => [r.subject, fromRow(r)]));
    return keys.flatMap(k => (bySubject.has(k) ? [bySubject.get(k)!] : []));
  }

  async put(
    scope: HomeLayoutScope,
    subject: string,
    layout: HomeLayout,
    updatedBy: string,
    now = new Date(),
  ): Promise<StoredHomeLayout> {
    const row: Row = {
      scope,
      subject: subject.toLocaleLowerCase('en-US'),
      widgets: JSON.stringify(layout.widgets),
      updated_by: updatedBy,
      updated_at: now,
    };
    await this.knex<Row>(TABLE)
      .insert(row)
      .onConflict(['scope', 'subject'])
      .merge(['widgets', 'updated_by', 'updated_at']);
    return fromRow(row);
  }

  /** Whether there was a layout to delete. */
  async delete(scope: HomeLayoutScope, subject: string): Promise<boolean> {
    const n = await this.knex<Row>(TABLE)
      .where({ scope, subject: subject.toLocaleLowerCase('en-US') })
      .delete();
    return n > 0;
  }
}
