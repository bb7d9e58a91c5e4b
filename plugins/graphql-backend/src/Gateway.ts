import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { GraphqlSchemaContribution } from '@atrium/plugin-graphql-node';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { createHash } from 'node:crypto';
import {
  execute,
  GraphQLError,
  printSchema,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import { DEFAULT_LIMITS, type GatewayLimits } from './config';
import type { AnswerDependencies, ResponseCache } from './cache/ResponseCache';
import type { CatalogVersions } from './cache/versions';
import { createEntityLoader, normalizeRef } from './loaders';
import { createQueryLimits, QueryLimitError } from './limits';
import { entityId } from './schema/core';
import type { CatalogListContext } from './schema/catalogList';
import {
  starredHash,
  type StarredEntities,
} from './schema/catalogList/starred';
import type {
  GatewayAnswer,
  GatewayCaller,
  GatewayRequest,
  GatewayService,
} from './types';

/** Atrium's own credentials: no contribution may have them forwarded to its resolvers. */
const NEVER_FORWARDED = new Set(['authorization', 'cookie']);

/** The headers the contributions declare in `forwardedHeaders`: lower-case names, sorted, each once. */
function declaredHeaders(contributions: GraphqlSchemaContribution[]): string[] {
  const names = new Set<string>();
  for (const name of contributions.flatMap(c => c.forwardedHeaders ?? [])) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
      throw new Error(
        `A GraphQL schema contribution declares the forwarded header "${name}": a header name must be lower-case letters, digits and dashes`,
      );
    }
    if (NEVER_FORWARDED.has(name)) {
      throw new Error(
        `A GraphQL schema contribution declares the forwarded header "${name}", which holds Atrium's own credentials and is never forwarded`,
      );
    }
    names.add(name);
  }
  return [...names].sort();
}

export type { GatewayAnswer, GatewayRequest } from './types';

function refused(status: number, code: string, message: string): GatewayAnswer {
  const error: GraphQLFormattedError = { message, extensions: { code } };
  return { status, body: JSON.stringify({ errors: [error] }), cache: 'off' };
}

/** Backstage's error names become GraphQL error codes the client can act on. */
const CODES: Record<string, string> = {
  InputError: 'BAD_USER_INPUT',
  NotFoundError: 'NOT_FOUND',
  NotAllowedError: 'FORBIDDEN',
  AuthenticationError: 'UNAUTHENTICATED',
  ConflictError: 'CONFLICT',
  ServiceUnavailableError: 'SERVICE_UNAVAILABLE',
  ResponseError: 'UPSTREAM_ERROR',
};

/**
 * Formats an error of an execution. `inRequest`: graphql-js refused the request itself before any field ran (an
 * unknown operation name, a variable of the wrong type or missing), so the answer has no `data` at all.
 */
function formatError(
  error: GraphQLError,
  inRequest: boolean,
): GraphQLFormattedError {
  const formatted = error.toJSON();
  const original = error.originalError;
  const code =
    (inRequest ? 'BAD_USER_INPUT' : undefined) ??
    (original && CODES[original.name]) ??
    (formatted.extensions?.code as string | undefined) ??
    'INTERNAL_SERVER_ERROR';
  return { ...formatted, extensions: { ...formatted.extensions, code } };
}

/**
 * Runs GraphQL requests: checks the text against the limits before anything else, validates, answers from the
 * per-user cache when it can, and otherwise resolves with the caller's credentials and a fresh batched entity
 * loader, then caches the answer for as long as its fields allow.
 */
export class Gateway implements GatewayService {
  readonly schema: GraphQLSchema;
  /**
   * The request headers the contributions declare (`forwardedHeaders`), lower-case and sorted: the router reads
   * these from the request and no others, and resolvers see them as `ctx.headers`.
   */
  readonly forwardedHeaders: readonly string[];
  readonly #listSizes: Map<string, number>;
  readonly #limits: ReturnType<typeof createQueryLimits>;
  readonly #maxQueryLength: number;
  /** The schema and limits, so that a cached answer is never served under others (e.g. after a deploy). */
  readonly #fingerprint: string;

  constructor(
    contributions: GraphqlSchemaContribution[],
    private readonly deps: {
      catalog: CatalogService;
      /** `graphql.limits`; those not given have their defaults. */
      limits: Partial<GatewayLimits>;
      logger: LoggerService;
      /** The callers' starred entities (the catalog list's `starred`); none when not given. */
      starred?: StarredEntities;
      responseCache?: {
        cache: ResponseCache;
        versions: CatalogVersions;
        ttlSeconds: number;
      };
    },
  ) {
    this.schema = makeExecutableSchema({
      typeDefs: contributions.map(c => c.typeDefs),
      resolvers: contributions.map(c => c.resolvers ?? {}) as any,
    });
    this.#listSizes = new Map(
      contributions.flatMap(c => Object.entries(c.listSizes ?? {})),
    );
    this.forwardedHeaders = declaredHeaders(contributions);
    const limits = { ...DEFAULT_LIMITS, ...deps.limits };
    this.#maxQueryLength = limits.maxQueryLength;
    this.#limits = createQueryLimits({
      schema: this.schema,
      limits,
      listSizes: this.#listSizes,
    });
    this.#fingerprint = createHash('sha256')
      .update(printSchema(this.schema))
      .update(JSON.stringify(limits))
      .update(JSON.stringify([...this.#listSizes].sort()))
      .update(JSON.stringify(this.forwardedHeaders))
      .digest('base64url');
  }

  async run(
    request: GatewayRequest,
    caller: GatewayCaller,
    /** The request's headers by lower-case name; only the declared `forwardedHeaders` are kept. */
    requestHeaders: Record<string, string | undefined> = {},
  ): Promise<GatewayAnswer> {
    const { catalog, logger, responseCache } = this.deps;
    const { query, variables, operationName } = request;
    const headers: Record<string, string | undefined> = {};
    for (const name of this.forwardedHeaders) {
      headers[name] = requestHeaders[name] || undefined;
    }
    Object.freeze(headers);
    if (typeof query !== 'string' || query.trim() === '') {
      return refused(400, 'BAD_REQUEST', 'The request has no query');
    }
    if (query.length > this.#maxQueryLength) {
      return refused(
        400,
        'QUERY_TOO_LONG',
        `The query is longer than ${this.#maxQueryLength} characters`,
      );
    }
    if (
      variables !== undefined &&
      variables !== null &&
      (typeof variables !== 'object' || Array.isArray(variables))
    ) {
      return refused(400, 'BAD_REQUEST', 'variables must be an object');
    }
    if (
      operationName !== undefined &&
      operationName !== null &&
      typeof operationName !== 'string'
    ) {
      return refused(400, 'BAD_REQUEST', 'operationName must be a string');
    }
    const vars = (variables ?? undefined) as
      | Record<string, unknown>
      | undefined;
    const opName = operationName ?? undefined;

    // A cached answer is one this very request (caller, text, variables) got before, when it passed the
    // checks below against the same schema and limits (both are in the key): serve it without parsing again.
    // The forwarded headers are in the key too: an answer made with a user's own upstream token is never
    // served to a request without it or with another.
    const key = responseCache?.cache.key({
      userRef: caller.credentials.principal.userEntityRef,
      ownershipRefs: caller.ownershipEntityRefs,
      schema: this.#fingerprint,
      query,
      operationName: opName,
      variables: vars,
      forwardedHeaders: headers,
    });
    // The caller's starred entities, read at most once per request: when a cached answer that shows them is
    // checked, and when the catalog list reads them.
    let starredRead: Promise<string[]> | undefined;
    const starredRefs = () => {
      starredRead ??= this.deps.starred
        ? this.deps.starred.refs(caller.credentials)
        : Promise.resolve([]);
      return starredRead;
    };
    if (key) {
      const body = await responseCache!.cache.get(key, {
        starredHash: async () => starredHash(await starredRefs()),
      });
      if (body !== undefined) {
        return { status: 200, body, cache: 'hit' };
      }
    }

    // The limits (GraphQL Armor's: tokens while parsing, then depth, cost, aliases and directives) run before
    // graphql-js's own validation, and each in time linear in the query's size.
    let document: DocumentNode;
    try {
      document = this.#limits.parse(query);
    } catch (error) {
      if (error instanceof QueryLimitError) {
        return refused(400, error.code, error.message);
      }
      return refused(400, 'GRAPHQL_PARSE_FAILED', (error as Error).message);
    }
    try {
      this.#limits.check(document, vars);
    } catch (error) {
      if (error instanceof QueryLimitError) {
        return refused(400, error.code, error.message);
      }
      throw error;
    }
    const invalid = validate(this.schema, document);
    if (invalid.length > 0) {
      return {
        status: 400,
        body: JSON.stringify({
          errors: invalid.map(e => ({
            ...e.toJSON(),
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
          })),
        }),
        cache: 'off',
      };
    }
    const operation = document.definitions.find(
      d =>
        d.kind === 'OperationDefinition' &&
        (!opName || d.name?.value === opName),
    );
    const cacheable =
      key !== undefined &&
      operation?.kind === 'OperationDefinition' &&
      operation.operation === 'query';

    const deps: AnswerDependencies = { entities: {}, owned: {}, kinds: {} };
    const versionReads: Promise<void>[] = [];
    let maxAge = responseCache?.ttlSeconds ?? 0;
    const dependsOn = (entity: Entity) => {
      deps.entities[entityId(entity)] = entity.metadata.etag ?? '';
    };
    // A ref that read nothing (an owners-only entity this caller does not own, or one not in the catalog) is
    // behind the answer too, e.g. as a relation left out: the answer is dropped once the watcher sees that
    // entity change (its visibility, its owner) or appear.
    const dependsOnMissing = (ref: string) => {
      if (!responseCache || ref in deps.entities) return;
      deps.entities[ref] = '';
      versionReads.push(
        responseCache.versions.entityEtag(ref).then(etag => {
          if (deps.entities[ref] === '') deps.entities[ref] = etag ?? '';
        }),
      );
    };
    const context: CatalogListContext = {
      credentials: caller.credentials,
      ownershipEntityRefs: caller.ownershipEntityRefs,
      entities: createEntityLoader({
        catalog,
        credentials: caller.credentials,
        onLoad: dependsOn,
        onMissing: dependsOnMissing,
      }),
      cache: {
        maxAge: seconds => {
          maxAge = Math.min(maxAge, Math.max(0, Math.floor(seconds)));
        },
        dependsOn,
        dependsOnOwned: refs => {
          if (!responseCache) return;
          for (const ref of refs) {
            const owner = normalizeRef(ref);
            if (!(owner in deps.owned)) {
              deps.owned[owner] = '';
              versionReads.push(
                responseCache.versions.ownedToken(owner).then(token => {
                  deps.owned[owner] = token;
                }),
              );
            }
          }
        },
      },
      headers,
      catalogList: {
        starredRefs: async () => {
          const refs = await starredRefs();
          deps.starred = starredHash(refs);
          return refs;
        },
        dependsOnKind: kind => {
          const name = kind.toLocaleLowerCase('en-US');
          if (!responseCache || name in deps.kinds!) return;
          deps.kinds![name] = '';
          versionReads.push(
            responseCache.versions.kindToken(name).then(token => {
              deps.kinds![name] = token;
            }),
          );
        },
      },
    };

    const result = (await execute({
      schema: this.schema,
      document,
      variableValues: vars,
      operationName: opName,
      contextValue: context,
    })) as ExecutionResult;
    const inRequest = !('data' in result);
    const errors = result.errors?.map(e => formatError(e, inRequest));
    for (const error of result.errors ?? []) {
      if (
        !inRequest &&
        (!error.originalError || !CODES[error.originalError.name])
      ) {
        logger.warn(`GraphQL resolver failed: ${error.message}`, {
          path: error.path?.join('.'),
        });
      }
    }
    const body = JSON.stringify(
      errors ? { data: result.data, errors } : { data: result.data },
    );
    if (cacheable && !errors && maxAge > 0) {
      await Promise.all(versionReads);
      await responseCache!.cache.set(key!, body, deps, maxAge);
      return { status: 200, body, cache: 'miss' };
    }
    return { status: 200, body, cache: 'off' };
  }
}
