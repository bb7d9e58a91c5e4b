import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { Matcher, Silence } from '@atrium/plugin-operations-common';
import { formatMatcher } from './matchers';

/** An alert as Alertmanager's API v2 (`GettableAlert`) has it. */
export interface AmAlert {
  fingerprint: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt: string;
  endsAt?: string;
  updatedAt?: string;
  generatorURL?: string;
  status: {
    state: 'active' | 'suppressed' | 'unprocessed';
    silencedBy?: string[];
    inhibitedBy?: string[];
  };
}

/** A silence as Alertmanager's API v2 (`GettableSilence`) has it: Atrium's `Silence` with its state nested. */
export interface AmSilence extends Omit<Silence, 'state'> {
  status?: { state: string };
}

/** Alertmanager's API v2, with a timeout on every request. Errors name Alertmanager and its URL. */
export class AlertmanagerClient {
  constructor(
    private readonly options: { baseUrl: string; timeoutMs: number },
  ) {}

  get baseUrl() {
    return this.options.baseUrl;
  }

  /** Alerts firing now (active, silenced and inhibited), optionally filtered by matchers. */
  async alerts(filter: Matcher[] = []): Promise<AmAlert[]> {
    const q = new URLSearchParams({
      active: 'true',
      silenced: 'true',
      inhibited: 'true',
      unprocessed: 'true',
    });
    for (const m of filter) q.append('filter', formatMatcher(m));
    return this.request<AmAlert[]>('GET', `/api/v2/alerts?${q}`);
  }

  async createSilence(silence: Omit<AmSilence, 'id' | 'status'>) {
    return this.request<{ silenceID: string }>(
      'POST',
      '/api/v2/silences',
      silence,
    );
  }

  async silence(id: string): Promise<AmSilence> {
    return this.request<AmSilence>(
      'GET',
      `/api/v2/silence/${encodeURIComponent(id)}`,
    );
  }

  private async request<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const { baseUrl, timeoutMs } = this.options;
    let res: Response;
    try {
      res = await fetch(`${baseUrl}${path}`, {
        method,
        headers:
          body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const e = error as Error & { cause?: { code?: string } };
      if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
        throw new ServiceUnavailableError(
          `Alertmanager at ${baseUrl} did not answer within ${timeoutMs} ms`,
        );
      }
      throw new ServiceUnavailableError(
        `Alertmanager at ${baseUrl} is unreachable: ${
          e?.cause?.code ?? e?.message ?? String(error)
        }`,
      );
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) {
      const message = text.trim().slice(0, 500) || res.statusText;
      if (res.status === 400 || res.status === 422) {
        throw new InputError(`Alertmanager refused the request: ${message}`);
      }
      if (res.status === 404) {
        throw new NotFoundError(`Alertmanager: ${message}`);
      }
      throw new ServiceUnavailableError(
        `Alertmanager at ${baseUrl} answered ${res.status}: ${message}`,
      );
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ServiceUnavailableError(
        `Alertmanager at ${baseUrl} answered something that is not JSON: ${text.slice(
          0,
          200,
        )}`,
      );
    }
  }
}
