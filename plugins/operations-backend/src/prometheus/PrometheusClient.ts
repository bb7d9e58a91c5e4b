/**
 * Prometheus's HTTP API (`/api/v1/query_range`, `/api/v1/rules`), with a timeout on every request.
 */

/** Why a query gave no data. `Unavailable` means Prometheus itself did not answer. */
export class PrometheusQueryError extends Error {
  constructor(
    readonly reason: 'BadQuery' | 'Timeout' | 'Unavailable' | 'Error',
    message: string,
  ) {
    super(message);
    this.name = 'PrometheusQueryError';
  }
}

export interface RangeSeries {
  labels: Record<string, string>;
  /** [unix seconds, value]; NaN and ±Inf as null. */
  points: Array<[number, number | null]>;
}

/** An alerting rule as Prometheus loaded it: its name (the alerts' `alertname`), group and static labels. */
export interface AlertingRule {
  name: string;
  group: string;
  labels: Record<string, string>;
}

export class PrometheusClient {
  constructor(
    private readonly options: { baseUrl: string; timeoutMs: number },
  ) {}

  get baseUrl() {
    return this.options.baseUrl;
  }

  async queryRange(
    query: string,
    window: { start: number; end: number; step: number },
  ): Promise<RangeSeries[]> {
    const body = new URLSearchParams({
      query,
      start: String(window.start),
      end: String(window.end),
      step: String(window.step),
      timeout: `${Math.max(1, Math.floor(this.options.timeoutMs / 1000))}s`,
    });
    // POST with a form body, as Prometheus allows: long queries do not hit URL length limits.
    const json = await this.request('/api/v1/query_range', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    if (json.data?.resultType !== 'matrix') {
      throw new PrometheusQueryError(
        'Error',
        `expected a range vector, got ${json.data?.resultType}`,
      );
    }
    return (json.data.result as any[]).map(r => ({
      labels: r.metric ?? {},
      points: ((r.values ?? []) as Array<[number, string]>).map(
        ([t, v]) => [t, finite(v)] as [number, number | null],
      ),
    }));
  }

  /** The alerting rules Prometheus has loaded (`/api/v1/rules?type=alert`), in its groups' order. */
  async alertingRules(): Promise<AlertingRule[]> {
    const json = await this.request('/api/v1/rules?type=alert', {
      method: 'GET',
    });
    const groups: any[] = Array.isArray(json.data?.groups)
      ? json.data.groups
      : [];
    return groups.flatMap(g =>
      (Array.isArray(g?.rules) ? g.rules : [])
        .filter(
          (r: any) => r?.type === 'alerting' && typeof r.name === 'string',
        )
        .map(
          (r: any): AlertingRule => ({
            name: r.name,
            group: String(g.name ?? ''),
            labels: stringLabels(r.labels),
          }),
        ),
    );
  }

  /** One request to the API; its `status: success` answer, or a PrometheusQueryError saying why not. */
  private async request(path: string, init: RequestInit): Promise<any> {
    let res: Response;
    try {
      res = await fetch(`${this.options.baseUrl}${path}`, {
        ...init,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      throw fetchFailure(error, this.options);
    }
    const text = await res.text().catch(() => '');
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (!res.ok || json?.status !== 'success') {
      const message = json?.error ?? (text.slice(0, 300) || res.statusText);
      if (res.status === 400 || json?.errorType === 'bad_data') {
        throw new PrometheusQueryError('BadQuery', String(message));
      }
      if (json?.errorType === 'timeout' || json?.errorType === 'canceled') {
        throw new PrometheusQueryError('Timeout', String(message));
      }
      if (res.status === 422) {
        throw new PrometheusQueryError('Error', String(message));
      }
      throw new PrometheusQueryError(
        'Unavailable',
        `Prometheus at ${this.options.baseUrl} answered ${res.status}: ${message}`,
      );
    }
    return json;
  }
}

/** A rule's labels, string values only (as Prometheus has them). */
function stringLabels(value: unknown): Record<string, string> {
  const labels: Record<string, string> = {};
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string') labels[k] = v;
    }
  }
  return labels;
}

function finite(value: string): number | null {
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function fetchFailure(
  error: unknown,
  options: { baseUrl: string; timeoutMs: number },
): PrometheusQueryError {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    return new PrometheusQueryError(
      'Timeout',
      `Prometheus at ${options.baseUrl} did not answer within ${options.timeoutMs} ms`,
    );
  }
  return new PrometheusQueryError(
    'Unavailable',
    `Prometheus at ${options.baseUrl} is unreachable: ${
      e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error)
    }`,
  );
}
