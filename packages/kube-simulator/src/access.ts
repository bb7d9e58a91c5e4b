import {
  MASTERS_GROUP,
  AUTHENTICATED_GROUP,
  RbacPolicy,
  RequestAttributes,
  UserInfo,
  userInfoFor,
} from './rbac';
import { badRequest, StatusError, unauthorized } from './status';

/** A bearer token and who it stands for. */
export interface TokenSubject {
  token: string;
  /** A user name, e.g. `system:serviceaccount:atrium:atrium-compute` or `alice`. */
  user: string;
  /** Groups besides the implied ones (`system:authenticated`, and the service account groups). */
  groups?: string[];
}

/** Parses `<token>=<user>[,<group>…]`, the CLI's form. */
export function parseTokenSubject(value: string): TokenSubject {
  const i = value.indexOf('=');
  if (i <= 0 || i === value.length - 1)
    throw new Error(
      `--token expects <token> or <token>=<user>[,<group>…], got "${value}"`,
    );
  const [user, ...groups] = value.slice(i + 1).split(',');
  return { token: value.slice(0, i), user, groups };
}

/** The user the simulator-wide token authenticates as: a member of `system:masters`, so RBAC never refuses it. */
export const ADMIN_USER: UserInfo = {
  name: 'kube-simulator-admin',
  groups: [MASTERS_GROUP, AUTHENTICATED_GROUP],
};

export const AUTHORIZATION_GROUP = 'authorization.k8s.io';
const AUTHORIZATION_GV = `${AUTHORIZATION_GROUP}/v1`;

/** `/apis` entry and `/apis/authorization.k8s.io[/v1]` documents for discovery. */
export const authorizationApiGroup = {
  name: AUTHORIZATION_GROUP,
  versions: [{ groupVersion: AUTHORIZATION_GV, version: 'v1' }],
  preferredVersion: { groupVersion: AUTHORIZATION_GV, version: 'v1' },
};

export const authorizationResourceList = {
  kind: 'APIResourceList',
  apiVersion: 'v1',
  groupVersion: AUTHORIZATION_GV,
  resources: [
    {
      name: 'selfsubjectaccessreviews',
      singularName: 'selfsubjectaccessreview',
      namespaced: false,
      kind: 'SelfSubjectAccessReview',
      verbs: ['create'],
    },
    {
      name: 'selfsubjectrulesreviews',
      singularName: 'selfsubjectrulesreview',
      namespaced: false,
      kind: 'SelfSubjectRulesReview',
      verbs: ['create'],
    },
  ],
};

/** Methods to RBAC verbs, as the API server's request info derives them. */
const VERBS: Record<string, string> = {
  GET: 'get',
  HEAD: 'get',
  POST: 'create',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

/**
 * The authorization attributes of a request, derived from its method and URL as the API server's
 * RequestInfoFactory does (before routing, so a path the simulator does not serve is still authorized first).
 */
export function requestAttributes(
  method: string,
  /** The path's segments, percent-decoded. */
  parts: string[],
  query: URLSearchParams,
): RequestAttributes {
  const path = `/${parts.join('/')}`;
  const nonResource = (): RequestAttributes => ({
    resourceRequest: false,
    verb: method === 'HEAD' ? 'get' : method.toLowerCase(),
    path,
  });
  let apiGroup: string;
  let apiVersion: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    apiGroup = '';
    apiVersion = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    apiGroup = parts[1];
    apiVersion = parts[2];
    rest = parts.slice(3);
  } else {
    return nonResource();
  }
  let verb = VERBS[method] ?? method.toLowerCase();
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1];
    if (rest.length > 2 && !['status', 'finalize'].includes(rest[2]))
      rest = rest.slice(2);
  }
  const [resource, nameFromPath, subresource] = rest;
  let name = nameFromPath;
  const q = query;
  if (!name) {
    if (verb === 'get') {
      const watch = q.get('watch');
      verb = watch === 'true' || watch === '1' ? 'watch' : 'list';
    } else if (verb === 'delete') verb = 'deletecollection';
    if (verb === 'list' || verb === 'watch') {
      // A list or watch of one object by field selector is authorized as that object, as Kubernetes does.
      const byName = /(?:^|,)metadata\.name==?([^,]+)(?:,|$)/.exec(
        q.get('fieldSelector') ?? '',
      );
      if (byName) name = byName[1];
    }
  }
  return {
    resourceRequest: true,
    verb,
    apiGroup,
    apiVersion,
    resource,
    subresource,
    namespace,
    name,
  };
}

/** The 403 Status the API server answers, in its words. */
export function forbidden(user: UserInfo, a: RequestAttributes): StatusError {
  if (!a.resourceRequest) {
    return new StatusError(
      403,
      'Forbidden',
      `forbidden: User "${user.name}" cannot ${a.verb} path "${a.path}"`,
      {},
    );
  }
  const resource = a.subresource
    ? `${a.resource}/${a.subresource}`
    : a.resource;
  const scope = a.namespace
    ? `in the namespace "${a.namespace}"`
    : 'at the cluster scope';
  const qualified = a.apiGroup ? `${a.resource}.${a.apiGroup}` : a.resource;
  const subject = a.name ? `${qualified} "${a.name}"` : qualified;
  return new StatusError(
    403,
    'Forbidden',
    `${subject} is forbidden: User "${user.name}" cannot ${a.verb} resource "${resource}" in API group "${a.apiGroup}" ${scope}`,
    {
      ...(a.name ? { name: a.name } : {}),
      ...(a.apiGroup ? { group: a.apiGroup } : {}),
      kind: a.resource,
    },
  );
}

/**
 * Authentication (bearer tokens) and authorization (RBAC) of one simulated cluster. The simulator-wide token is
 * the admin (`system:masters`); tokens mapped to subjects go through the RBAC policy. Without mapped tokens,
 * the single token has full access, as before RBAC.
 */
export class ApiAccess {
  private readonly users = new Map<string, UserInfo>();

  constructor(
    adminToken: string,
    tokens: TokenSubject[] = [],
    readonly policy: RbacPolicy = new RbacPolicy(),
  ) {
    this.users.set(adminToken, ADMIN_USER);
    for (const t of tokens) {
      if (this.users.has(t.token))
        throw new Error(`the token for ${t.user} is already in use`);
      this.users.set(t.token, userInfoFor(t.user, t.groups));
    }
  }

  /** The user of a request's `Authorization: Bearer` header; 401 without a known token. */
  authenticate(authorization: string | undefined): UserInfo {
    const match = /^Bearer (.+)$/.exec(authorization ?? '');
    const user = match ? this.users.get(match[1]) : undefined;
    if (!user) throw unauthorized();
    return user;
  }

  /** Throws the 403 Status unless the user may make the request. */
  authorize(
    user: UserInfo,
    method: string,
    segments: string[],
    query: URLSearchParams,
  ): void {
    const attributes = requestAttributes(method, segments, query);
    if (!this.policy.authorize(user, attributes).allowed)
      throw forbidden(user, attributes);
  }

  /**
   * Answers `authorization.k8s.io/v1` (SelfSubjectAccessReview, SelfSubjectRulesReview and the group's
   * discovery); undefined when the path is not one of them.
   */
  async answer(
    user: UserInfo,
    path: string,
    method: string,
    readBody: () => Promise<any>,
  ): Promise<{ code: number; body: unknown } | undefined> {
    if (path === `/apis/${AUTHORIZATION_GROUP}` && method === 'GET')
      return {
        code: 200,
        body: { kind: 'APIGroup', apiVersion: 'v1', ...authorizationApiGroup },
      };
    if (path === `/apis/${AUTHORIZATION_GV}` && method === 'GET')
      return { code: 200, body: authorizationResourceList };
    const review =
      /^\/apis\/authorization\.k8s\.io\/v1\/(selfsubjectaccessreviews|selfsubjectrulesreviews)$/.exec(
        path,
      );
    if (!review) return undefined;
    if (method !== 'POST')
      throw new StatusError(
        405,
        'MethodNotAllowed',
        `the server does not allow this method on the requested resource (${method.toLowerCase()})`,
        {},
      );
    const request = await readBody();
    return {
      code: 201,
      body:
        review[1] === 'selfsubjectaccessreviews'
          ? this.accessReview(user, request)
          : this.rulesReview(user, request),
    };
  }

  /** Answers a SelfSubjectAccessReview from the same authorizer the requests go through. */
  accessReview(user: UserInfo, request: any) {
    const spec = request?.spec ?? {};
    const r = spec.resourceAttributes;
    const n = spec.nonResourceAttributes;
    if (!r === !n)
      throw new StatusError(
        422,
        'Invalid',
        'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
        { group: AUTHORIZATION_GROUP, kind: 'SelfSubjectAccessReview' },
      );
    const attributes: RequestAttributes = r
      ? {
          resourceRequest: true,
          verb: r.verb ?? '',
          apiGroup: r.group ?? '',
          apiVersion: r.version,
          resource: r.resource ?? '',
          subresource: r.subresource || undefined,
          namespace: r.namespace || undefined,
          name: r.name || undefined,
        }
      : { resourceRequest: false, verb: n.verb ?? '', path: n.path ?? '' };
    const decision = this.policy.authorize(user, attributes);
    return {
      kind: 'SelfSubjectAccessReview',
      apiVersion: AUTHORIZATION_GV,
      metadata: { creationTimestamp: null },
      spec,
      status: {
        allowed: decision.allowed,
        ...(decision.reason ? { reason: decision.reason } : {}),
      },
    };
  }

  /** Lists the rules that apply to the user in a namespace (SelfSubjectRulesReview). */
  rulesReview(user: UserInfo, request: any) {
    const namespace = request?.spec?.namespace;
    if (typeof namespace !== 'string' || !namespace)
      throw badRequest('no namespace on request');
    const masters = user.groups.includes(MASTERS_GROUP);
    const rules = masters
      ? [
          { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
          { nonResourceURLs: ['*'], verbs: ['*'] },
        ]
      : this.policy.rulesFor(user, namespace);
    return {
      kind: 'SelfSubjectRulesReview',
      apiVersion: AUTHORIZATION_GV,
      metadata: { creationTimestamp: null },
      spec: { namespace },
      status: {
        resourceRules: rules
          .filter(rule => !rule.nonResourceURLs)
          .map(({ verbs, apiGroups, resources, resourceNames }) => ({
            verbs,
            ...(apiGroups ? { apiGroups } : {}),
            ...(resources ? { resources } : {}),
            ...(resourceNames ? { resourceNames } : {}),
          })),
        nonResourceRules: rules
          .filter(rule => rule.nonResourceURLs)
          .map(({ verbs, nonResourceURLs }) => ({ verbs, nonResourceURLs })),
        incomplete: false,
      },
    };
  }
}
