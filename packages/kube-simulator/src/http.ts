import http from 'node:http';
import { ApiAccess, authorizationApiGroup } from './access';
import { isApplyPatch, readApplyBody, serverSideApply } from './apply';
import { readBodyText } from './body';
import { ClusterState } from './cluster';
import { CORE } from './coreTypes';
import { dryRunDelete, writerFor } from './dryRun';
import { applyPatch } from './patch';
import { openApiDocument } from './openapi';
import { matchesSelector, parseSelector } from './selectors';
import {
  badRequest,
  methodNotAllowed,
  pathNotFound,
  StatusError,
} from './status';
import { apiVersionOf, KubeObject, ResourceType } from './types';
import { WatchHub } from './watch';

export type RequestHandler = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
) => void;

export function sendJson(
  res: http.ServerResponse,
  code: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendStatus(res: http.ServerResponse, error: StatusError) {
  sendJson(res, error.code, error.toStatus());
}

export async function readJsonBody(req: http.IncomingMessage): Promise<any> {
  const text = await readBodyText(req);
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badRequest(
      `the body of the request is not valid JSON: ${(e as Error).message}`,
    );
  }
}

interface ParsedPath {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** Resolves `/api/v1/…` and `/apis/<group>/<version>/…` paths to a resource. */
function parseResourcePath(
  cluster: ClusterState,
  segments: string[],
): ParsedPath | undefined {
  let group = '';
  let version: string;
  let rest: string[];
  if (segments[0] === 'api' && segments[1] === 'v1') {
    version = 'v1';
    rest = segments.slice(2);
  } else if (segments[0] === 'apis' && segments.length >= 4) {
    group = segments[1];
    version = segments[2];
    rest = segments.slice(3);
  } else {
    return undefined;
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const type = cluster.findType(group, version, rest[0]);
  if (!type || rest.length > 3) return undefined;
  if (namespace !== undefined && !type.namespaced) return undefined;
  return { type, namespace, name: rest[1], subresource: rest[2] };
}

const listKind = (type: ResourceType) => `${type.kind}List`;

function encodeContinue(key: string, rv: number) {
  return Buffer.from(JSON.stringify({ key, rv })).toString('base64url');
}

function decodeContinue(token: string): { key: string; rv: number } {
  let decoded: any;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw badRequest('continue key is not valid: illegal base64 data');
  }
  if (typeof decoded?.key !== 'string')
    throw badRequest('continue key is not valid: no key');
  return decoded;
}

/** A path segment, percent-decoded; 400 (not 500) for one that is not valid percent-encoding. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest(`invalid percent-encoding in path segment "${segment}"`);
  }
}

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
    this.route(req, res).catch(error => {
      if (error instanceof StatusError) sendStatus(res, error);
      else
        sendStatus(
          res,
          new StatusError(
            500,
            'InternalError',
            `Internal error occurred: ${(error as Error)?.message ?? error}`,
          ),
        );
    });
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
    if (segments[0] === '_simulator') {
      await this.simulatorEndpoint(req, res, segments.slice(1), method);
      return;
    }
    const discovery = this.discovery(path);
    if (discovery) {
      if (method !== 'GET') throw methodNotAllowed(method);
      sendJson(res, 200, discovery);
      return;
    }
    const parsed = parseResourcePath(this.cluster, segments);
    if (!parsed)
      throw pathNotFound(method === 'GET' ? 'get' : method.toLowerCase());
    const { type, namespace, name, subresource } = parsed;

    if (name === undefined) {
      await this.collection(req, res, url, type, namespace, method);
      return;
    }
    if (subresource === 'log' && type === CORE.pods && method === 'GET') {
      this.podLog(res, url, namespace!, name);
      return;
    }
    if (subresource === 'scale' && this.cluster.customResource(type)?.scale) {
      if (method === 'GET') {
        sendJson(res, 200, this.cluster.getScale(type, namespace!, name));
        return;
      }
      if (method === 'PUT') {
        sendJson(
          res,
          200,
          this.cluster.replaceScale(
            type,
            namespace!,
            name,
            await readJsonBody(req),
          ),
        );
        return;
      }
      if (method === 'PATCH') {
        const scale = this.cluster.getScale(type, namespace!, name);
        const patched = applyPatch(
          req.headers['content-type'] ?? '',
          scale,
          await readJsonBody(req),
        ) as any;
        sendJson(
          res,
          200,
          this.cluster.replaceScale(type, namespace!, name, patched),
        );
        return;
      }
      throw methodNotAllowed(method);
    }
    if (
      subresource !== undefined &&
      !(subresource === 'status' && type.subresources?.status)
    ) {
      throw pathNotFound(method.toLowerCase());
    }
    const statusOnly = subresource === 'status' ? 'status' : undefined;
    switch (method) {
      case 'GET':
        sendJson(res, 200, this.cluster.store.mustGet(type, namespace, name));
        return;
      case 'PUT':
        this.allow(type, 'update');
        sendJson(
          res,
          200,
          writerFor(this.cluster, url.searchParams).replace(
            type,
            namespace,
            name,
            await readJsonBody(req),
            statusOnly,
          ),
        );
        return;
      case 'PATCH': {
        this.allow(type, 'patch');
        if (!statusOnly && isApplyPatch(req.headers['content-type'])) {
          const applied = serverSideApply(
            this.cluster,
            type,
            namespace,
            name,
            await readApplyBody(req),
            url.searchParams,
          );
          sendJson(res, applied.code, applied.object);
          return;
        }
        sendJson(
          res,
          200,
          writerFor(this.cluster, url.searchParams).patch(
            type,
            namespace,
            name,
            req.headers['content-type'] ?? '',
            await readJsonBody(req),
            statusOnly,
          ),
        );
        return;
      }
      case 'DELETE': {
        this.allow(type, 'delete');
        const dry = dryRunDelete(this.cluster, type, namespace, name, url);
        const deleted = dry ?? this.cluster.delete(type, namespace, name);
        if (type === CORE.pods) {
          for (const c of (dry
            ? []
            : (deleted.spec as any)?.containers ?? []) as any[]) {
            this.cluster.recordEvent(
              deleted,
              'Normal',
              'Killing',
              `Stopping container ${c.name}`,
              (deleted.spec as any)?.nodeName,
            );
          }
          sendJson(res, 200, deleted);
          return;
        }
        sendJson(res, 200, {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Success',
          details: {
            name,
            ...(type.group ? { group: type.group } : {}),
            kind: type.plural,
            uid: deleted.metadata.uid,
          },
        });
        return;
      }
      default:
        throw methodNotAllowed(method);
    }
  }

  private allow(type: ResourceType, verb: string) {
    if (!type.verbs.includes(verb)) throw methodNotAllowed(verb);
  }

  private async collection(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    type: ResourceType,
    namespace: string | undefined,
    method: string,
  ) {
    if (method === 'POST') {
      this.allow(type, 'create');
      if (type.namespaced && namespace === undefined)
        throw methodNotAllowed('create');
      sendJson(
        res,
        201,
        writerFor(this.cluster, url.searchParams).create(
          type,
          namespace,
          await readJsonBody(req),
        ),
      );
      return;
    }
    if (method !== 'GET') throw methodNotAllowed(method);
    const q = url.searchParams;
    const selector = parseSelector(
      q.get('labelSelector'),
      q.get('fieldSelector'),
    );
    const watch = q.get('watch');
    if (watch === 'true' || watch === '1') {
      const rv = q.get('resourceVersion');
      if (rv && !/^[0-9]+$/.test(rv))
        throw badRequest(`invalid resource version "${rv}"`);
      const timeout = q.get('timeoutSeconds');
      this.watches.serve(req, res, {
        type,
        namespace,
        selector,
        resourceVersion: rv ? Number(rv) : undefined,
        timeoutSeconds: timeout ? Number(timeout) : undefined,
      });
      return;
    }
    const resourceVersion = this.cluster.store.resourceVersion;
    let items = this.cluster.store
      .list(type, namespace)
      .filter(o => matchesSelector(selector, o));
    const limit = Number(q.get('limit') ?? 0);
    if (!Number.isInteger(limit))
      throw badRequest(`invalid limit "${q.get('limit')}"`);
    const token = q.get('continue');
    const keyOf = (o: KubeObject) =>
      `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    if (token) {
      const { key } = decodeContinue(token);
      items = items.filter(o => keyOf(o) > key);
    }
    const metadata: Record<string, unknown> = {
      resourceVersion: String(resourceVersion),
    };
    if (limit > 0 && items.length > limit) {
      metadata.remainingItemCount = items.length - limit;
      items = items.slice(0, limit);
      metadata.continue = encodeContinue(
        keyOf(items[items.length - 1]),
        resourceVersion,
      );
    }
    sendJson(res, 200, {
      kind: listKind(type),
      apiVersion: apiVersionOf(type),
      metadata,
      items,
    });
  }

  private podLog(
    res: http.ServerResponse,
    url: URL,
    namespace: string,
    name: string,
  ) {
    const pod = this.cluster.store.mustGet(CORE.pods, namespace, name);
    const containers = ((pod.spec as any)?.containers ?? []).map(
      (c: any) => c.name,
    ) as string[];
    const q = url.searchParams;
    let container = q.get('container') ?? undefined;
    if (!container) {
      if (containers.length !== 1) {
        throw badRequest(
          `a container name must be specified for pod ${name}, choose one of: [${containers.join(
            ' ',
          )}]`,
        );
      }
      container = containers[0];
    }
    if (!containers.includes(container)) {
      throw badRequest(`container ${container} is not valid for pod ${name}`);
    }
    const previous = q.get('previous') === 'true';
    let lines = this.cluster.logs.read(name, container, previous);
    if (!lines)
      throw badRequest(
        `previous terminated container "${container}" in pod "${name}" not found`,
      );
    const sinceSeconds = Number(q.get('sinceSeconds') ?? 0);
    if (sinceSeconds > 0) {
      const since = Date.now() - sinceSeconds * 1000;
      lines = lines.filter(l => Date.parse(l.time) >= since);
    }
    const tail = q.get('tailLines');
    if (tail !== null && Number(tail) >= 0)
      lines = Number(tail) === 0 ? [] : lines.slice(-Number(tail));
    const timestamps = q.get('timestamps') === 'true';
    let text = lines
      .map(
        l =>
          `${timestamps ? `${l.time.replace(/Z$/, '000000Z')} ` : ''}${
            l.text
          }\n`,
      )
      .join('');
    const limitBytes = Number(q.get('limitBytes') ?? 0);
    if (limitBytes > 0)
      text = Buffer.from(text).subarray(0, limitBytes).toString('utf8');
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end(text);
  }

  private discovery(path: string): unknown {
    const types = this.cluster.types;
    const groups = [
      ...new Set(
        types.filter(t => t.group).map(t => `${t.group}/${t.version}`),
      ),
    ];
    const groupObject = (gv: string) => {
      const [name, version] = gv.split('/');
      return {
        name,
        versions: [{ groupVersion: gv, version }],
        preferredVersion: { groupVersion: gv, version },
      };
    };
    const resourceList = (groupVersion: string, list: ResourceType[]) => ({
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion,
      resources: list.flatMap(t => [
        {
          name: t.plural,
          singularName: t.singular,
          namespaced: t.namespaced,
          kind: t.kind,
          verbs: t.verbs,
          ...(t.shortNames ? { shortNames: t.shortNames } : {}),
          ...(t.group ? { categories: ['atrium'] } : {}),
        },
        ...(t.subresources?.status
          ? [
              {
                name: `${t.plural}/status`,
                singularName: '',
                namespaced: t.namespaced,
                kind: t.kind,
                verbs: ['get', 'patch', 'update'],
              },
            ]
          : []),
        ...(t.subresources?.scale
          ? [
              {
                name: `${t.plural}/scale`,
                singularName: '',
                namespaced: t.namespaced,
                group: 'autoscaling',
                version: 'v1',
                kind: 'Scale',
                verbs: ['get', 'patch', 'update'],
              },
            ]
          : []),
        ...(t === CORE.pods
          ? [
              {
                name: 'pods/log',
                singularName: '',
                namespaced: true,
                kind: 'Pod',
                verbs: ['get'],
              },
            ]
          : []),
      ]),
    });
    if (path === '/version') {
      return {
        major: '1',
        minor: '31',
        gitVersion: 'v1.31.0-atrium-simulator',
        gitCommit: '0000000000000000000000000000000000000000',
        gitTreeState: 'clean',
        buildDate: '2026-01-01T00:00:00Z',
        goVersion: 'n/a (kube-simulator)',
        compiler: 'n/a',
        platform: 'simulated/none',
      };
    }
    if (path === '/api')
      return {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [
          { clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' },
        ],
      };
    if (path === '/api/v1')
      return resourceList(
        'v1',
        types.filter(t => !t.group),
      );
    if (path === '/apis')
      return {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: [...groups.map(groupObject), authorizationApiGroup],
      };
    for (const gv of groups) {
      if (path === `/apis/${gv.split('/')[0]}`)
        return { kind: 'APIGroup', apiVersion: 'v1', ...groupObject(gv) };
      if (path === `/apis/${gv}`)
        return resourceList(
          gv,
          types.filter(t => apiVersionOf(t) === gv),
        );
    }
    return undefined;
  }

  /** Simulator-only endpoints (not part of the Kubernetes API): `/_simulator/bad-images`. */
  private async simulatorEndpoint(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    segments: string[],
    method: string,
  ) {
    if (segments[0] !== 'bad-images' || segments.length !== 1)
      throw pathNotFound(method.toLowerCase());
    if (method === 'GET') {
      sendJson(res, 200, { items: this.cluster.listBadImages() });
      return;
    }
    if (method === 'POST' || method === 'DELETE') {
      const body = await readJsonBody(req);
      if (
        typeof body?.image !== 'string' ||
        typeof body?.version !== 'string'
      ) {
        throw badRequest(
          'expected a JSON body {"image": "<repository>", "version": "<tag>"}',
        );
      }
      const bad = method === 'POST' && body.bad !== false;
      this.cluster.markBadImage(
        { image: body.image, version: body.version },
        bad,
      );
      sendJson(res, 200, { image: body.image, version: body.version, bad });
      return;
    }
    throw methodNotAllowed(method);
  }
}
