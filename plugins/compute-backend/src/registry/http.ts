import { ServiceUnavailableError } from '@backstage/errors';
import type { RegistryConfig } from './config';

/** One request's target: the registry, the image and the repository in it, and the token scope it needs. */
export interface RequestContext {
  registry: RegistryConfig;
  /** The image reference as given, for messages. */
  image: string;
  /** Repository name in the registry. */
  name: string;
  /** The token scope this request needs: `repository:<name>:pull`. */
  scope: string;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;
export const USER_AGENT = 'atrium-compute-backend';

export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString(
    'base64',
  )}`;
}

/** Drops a response's body that is not read. */
export function discard(res: Response): void {
  res.body?.cancel().catch(() => {});
}

/**
 * The HTTP side of talking to a registry and its token service: each request bounded by the registry's
 * timeout, bodies read up to a size limit, and network failures as `ServiceUnavailableError` naming which
 * server failed.
 */
export class RegistryHttp {
  constructor(private readonly fetchImpl: typeof fetch) {}

  async fetch(
    registry: RegistryConfig,
    url: URL,
    init: RequestInit,
  ): Promise<Response> {
    try {
      return await this.fetchImpl(url, {
        ...init,
        signal: AbortSignal.timeout(registry.timeoutMs),
      });
    } catch (error) {
      throw unavailable(registry, url, error);
    }
  }

  /** The body as text, at most `limit` bytes, within the request's timeout. */
  async readText(
    ctx: RequestContext,
    res: Response,
    limit: number = MAX_BODY_BYTES,
  ): Promise<string> {
    const reader = res.body?.getReader();
    if (!reader) return '';
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > limit) {
          reader.cancel().catch(() => {});
          throw new ServiceUnavailableError(
            `Artifact registry ${ctx.registry.host} sent a response larger than ${limit} bytes`,
          );
        }
        chunks.push(value);
      }
    } catch (error) {
      if (error instanceof ServiceUnavailableError) throw error;
      throw unavailable(
        ctx.registry,
        new URL(res.url || ctx.registry.url),
        error,
      );
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  async readJson(ctx: RequestContext, res: Response): Promise<unknown> {
    const text = await this.readText(ctx, res);
    try {
      return JSON.parse(text);
    } catch {
      throw new ServiceUnavailableError(
        `Artifact registry ${ctx.registry.host} sent a response that is not JSON`,
      );
    }
  }
}

function unavailable(
  registry: RegistryConfig,
  url: URL,
  error: unknown,
): ServiceUnavailableError {
  const e = error as {
    name?: string;
    code?: string;
    cause?: { code?: string; message?: string };
  };
  const what =
    url.origin === new URL(registry.url).origin
      ? `Artifact registry ${registry.host}`
      : `Token service ${url.origin} of artifact registry ${registry.host}`;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    return new ServiceUnavailableError(
      `${what} did not answer within ${registry.timeoutMs} ms`,
      error,
    );
  }
  const reason =
    e?.cause?.code ?? e?.code ?? e?.cause?.message ?? String(error);
  return new ServiceUnavailableError(
    `${what} is unreachable (${reason})`,
    error,
  );
}
