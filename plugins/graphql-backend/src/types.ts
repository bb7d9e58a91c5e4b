import type {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';

/** A GraphQL request's body, as sent: checked by the gateway, not by the router. */
export interface GatewayRequest {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

/** A GraphQL answer: the HTTP status, the JSON body as text, and whether the response cache answered. */
export interface GatewayAnswer {
  status: number;
  /** The JSON body, as text (served as is from the cache). */
  body: string;
  cache: 'hit' | 'miss' | 'off';
}

/** Who asks: a signed-in user and their ownership refs. */
export interface GatewayCaller {
  credentials: BackstageCredentials<BackstageUserPrincipal>;
  ownershipEntityRefs: string[];
}

/**
 * The GraphQL gateway as the router uses it: it runs a request for a caller, with the request headers that
 * schema contributions declare (`forwardedHeaders`, lower-case; the router passes these and no others).
 * `Gateway` implements it.
 */
export interface GatewayService {
  readonly forwardedHeaders: readonly string[];
  run(
    request: GatewayRequest,
    caller: GatewayCaller,
    requestHeaders?: Record<string, string | undefined>,
  ): Promise<GatewayAnswer>;
}
