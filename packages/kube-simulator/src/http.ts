/**
 * The simulator's Kubernetes REST surface for one cluster, relative to the cluster root: authenticates and
 * authorizes every request (access.ts), then routes it to its handler in handlers/: access reviews, OpenAPI,
 * health, the simulator-only endpoints, discovery, collections (list, watch, create), and one object's paths
 * (the object, its status, scale and log). Whatever a handler throws is answered as a Kubernetes `Status`.
 */
import http from 'node:http';
import { ApiAccess } from './access';
import { readJsonBody } from './body';
import { ClusterState } from './cluster';
import { CORE } from './coreTypes';
import { serveCollection } from './handlers/collection';
import { discovery } from './handlers/discovery';
import { serveObject } from './handlers/object';
import { servePodLog } from './handlers/podLog';
import {
  ApiRequest,
  decodeSegment,
  parseResourcePath,
} from './handlers/request';
import { sendError, sendJson } from './handlers/respond';
import { serveScale } from './handlers/scale';
import { serveSimulatorEndpoint } from './handlers/simulator';
import { openApiDocument } from './openapi';
import { methodNotAllowed, pathNotFound } from './status';
import { WatchHub } from './watch';

export type RequestHandler = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
) => void;

/** The simulator's Kubernetes REST surface for one cluster, relative to the cluster root. */
export class ClusterHttpHandler {
  readonly watches: WatchHub;
  private readonly access: ApiAccess;

  constructor(
    private readonly cluster: ClusterState,
    /** The admin token (full access), or tokens and RBAC (access.ts). */
    access: string | ApiAccess,
  ) {
    this.watches = new WatchHub(cluster.store);
    this.access = typeof access === 'string' ? new ApiAccess(access) : access;
  }

  readonly handle: RequestHandler = (req, res) => {
    this.route(req, res).catch(error => sendError(res, error));
  };

  private async route(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const user = this.access.authenticate(req.headers.authorization);
    const segments = url.pathname
      .split('/')
      .filter(s => s.length > 0)
      .map(decodeSegment);
    const path = `/${segments.join('/')}`;
    const method = (req.method ?? 'GET').toUpperCase();
    this.access.authorize(user, method, segments, url.searchParams);
    const review = await this.access.answer(user, path, method, () =>
      readJsonBody(req),
    );
    if (review) {
      sendJson(res, review.code, review.body);
      return;
    }
    const openapi = openApiDocument(this.cluster, path, req.headers.accept);
    if (openapi) {
      if (method !== 'GET') throw methodNotAllowed(method);
      sendJson(res, 200, openapi);
      return;
    }

    if (['/healthz', '/readyz', '/livez'].includes(path)) {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
      return;
    }
    const request: ApiRequest = {
      cluster: this.cluster,
      req,
      res,
      url,
      method,
    };
    if (segments[0] === '_simulator') {
      await serveSimulatorEndpoint(request, segments.slice(1));
      return;
    }
    const document = discovery(this.cluster, path);
    if (document) {
      if (method !== 'GET') throw methodNotAllowed(method);
      sendJson(res, 200, document);
      return;
    }
    const parsed = parseResourcePath(this.cluster, segments);
    if (!parsed)
      throw pathNotFound(method === 'GET' ? 'get' : method.toLowerCase());
    const { type, namespace, name, subresource } = parsed;

    if (name === undefined) {
      await serveCollection(request, this.watches, type, namespace);
      return;
    }
    if (subresource === 'log' && type === CORE.pods && method === 'GET') {
      servePodLog(request, namespace!, name);
      return;
    }
    if (subresource === 'scale' && this.cluster.customResource(type)?.scale) {
      await serveScale(request, type, namespace!, name);
      return;
    }
    await serveObject(request, type, namespace, name, subresource);
  }
}
