import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import {
  TIMELINE_EVENT_KINDS,
  type TimelineEvent,
  type TimelinePage,
  type TimelineSourceError,
} from '@atrium/plugin-timeline-common';
import type { TimelineSource } from '@atrium/plugin-timeline-node';
import type { TimelineRequest, TimelineService } from './types';

export type { TimelineRequest } from './types';

class SourceTimeout extends Error {
  constructor(ms: number) {
    super(`did not answer within ${ms} ms`);
  }
}

function message(error: unknown): string {
  const text =
    error instanceof Error ? error.message : String(error ?? 'failed');
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

/**
 * Merges the events of every source that may report one of the kinds asked: each is asked in parallel and
 * waited for at most `timeoutMs`; one that fails or is late is named in the page's errors, and the others'
 * events are still shown. Events outside the range or of other kinds are dropped; the rest are sorted newest
 * first (ties by id, so pages are stable) and cut to the limit.
 */
export class Timeline implements TimelineService {
  constructor(
    private readonly sources: TimelineSource[],
    private readonly options: { timeoutMs: number },
  ) {
    const ids = new Set<string>();
    for (const source of sources) {
      if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(source.id)) {
        throw new Error(
          `Timeline source id ${JSON.stringify(
            source.id,
          )} must be 1-40 lower-case letters, digits and dashes`,
        );
      }
      if (ids.has(source.id)) {
        throw new Error(`Timeline source ${source.id} was added twice`);
      }
      ids.add(source.id);
      const unknown = source.kinds.filter(
        k => !(TIMELINE_EVENT_KINDS as readonly string[]).includes(k),
      );
      if (unknown.length) {
        throw new Error(
          `Timeline source ${source.id} declares unknown kinds ${unknown.join(
            ', ',
          )}`,
        );
      }
    }
  }

  /** The ids of the sources, for logs. */
  get sourceIds(): string[] {
    return this.sources.map(s => s.id);
  }

  async list(
    entity: Entity,
    entityRef: string,
    request: TimelineRequest,
    credentials: BackstageCredentials,
  ): Promise<TimelinePage> {
    const wanted = new Set(request.kinds);
    const fromMs = request.from.getTime();
    const toMs = request.to.getTime();
    const asked = this.sources
      .map(source => ({
        source,
        kinds: source.kinds.filter(k => wanted.has(k)),
      }))
      .filter(a => a.kinds.length > 0);

    const answers = await Promise.all(
      asked.map(async ({ source, kinds }) => {
        const controller = new AbortController();
        let timer: NodeJS.Timeout | undefined;
        try {
          const result = await Promise.race([
            source.list(entityRef, {
              from: request.from,
              to: request.to,
              limit: request.limit,
              kinds,
              credentials,
              entity,
              signal: controller.signal,
            }),
            new Promise<never>((_, reject) => {
              timer = setTimeout(() => {
                controller.abort();
                reject(new SourceTimeout(this.options.timeoutMs));
              }, this.options.timeoutMs);
            }),
          ]);
          const items = Array.isArray(result) ? result : result.items;
          const errors = Array.isArray(result) ? [] : result.errors ?? [];
          return {
            items: items.map(
              (e): TimelineEvent => ({
                ...e,
                id: `${source.id}:${e.id}`,
                source: source.id,
              }),
            ),
            errors: errors.map(m => ({ source: source.id, message: m })),
          };
        } catch (error) {
          return {
            items: [] as TimelineEvent[],
            errors: [{ source: source.id, message: message(error) }],
          };
        } finally {
          clearTimeout(timer);
        }
      }),
    );

    const errors: TimelineSourceError[] = answers.flatMap(a => a.errors);
    const items = answers
      .flatMap(a => a.items)
      .filter(e => {
        if (!wanted.has(e.kind)) return false;
        const at = Date.parse(e.at);
        return Number.isFinite(at) && at >= fromMs && at <= toMs;
      })
      .map(e => ({ ...e, at: new Date(e.at).toISOString() }))
      .sort(newestFirst)
      .slice(0, request.limit);
    return { items, errors };
  }
}

/** Newest first; at the same time, the higher id first. */
function newestFirst(
  a: { at: string; id: string },
  b: { at: string; id: string },
): number {
  if (a.at === b.at) return a.id < b.id ? 1 : -1;
  return a.at < b.at ? 1 : -1;
}
