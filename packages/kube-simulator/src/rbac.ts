import fs from 'node:fs';
import { parseAllDocuments } from 'yaml';

/**
 * Kubernetes RBAC (`rbac.authorization.k8s.io/v1`) over Roles, ClusterRoles, RoleBindings and
 * ClusterRoleBindings loaded from manifests. The rules match as the API server's RBAC authorizer matches them
 * (verbs, API groups, resources with `resource/subresource` and `*`/`*\/sub`, resource names, non-resource URLs
 * with a trailing `*`). Written here because no maintained npm package evaluates RBAC; it is a few set
 * lookups. Aggregated ClusterRoles (`aggregationRule`) are not modelled.
 */

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface RbacSubject {
  kind: 'User' | 'Group' | 'ServiceAccount';
  name: string;
  namespace?: string;
}

/** Who a request comes from, as an authenticator tells it. */
export interface UserInfo {
  name: string;
  groups: string[];
}

/** What a request asks for, as the API server's request info and SubjectAccessReview name it. */
export interface RequestAttributes {
  verb: string;
  /** A resource request (`/api/…`, `/apis/…` below a group version) or a non-resource path. */
  resourceRequest: boolean;
  apiGroup?: string;
  apiVersion?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  /** The URL path, for non-resource requests. */
  path?: string;
}

interface Binding {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  name: string;
  namespace?: string;
  roleRef: { kind: 'Role' | 'ClusterRole'; name: string };
  subjects: RbacSubject[];
}

export interface Decision {
  allowed: boolean;
  /** Why, in the RBAC authorizer's words (empty when denied). */
  reason: string;
}

/** Members of this group skip authorization, as on a real API server. */
export const MASTERS_GROUP = 'system:masters';
export const AUTHENTICATED_GROUP = 'system:authenticated';

const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';

/** The user name and groups of a service account, e.g. `system:serviceaccount:atrium:atrium-compute`. */
export function userInfoFor(
  name: string,
  extraGroups: string[] = [],
): UserInfo {
  const groups = [...extraGroups];
  if (name.startsWith(SERVICE_ACCOUNT_PREFIX)) {
    const namespace = name.slice(SERVICE_ACCOUNT_PREFIX.length).split(':')[0];
    groups.push(
      'system:serviceaccounts',
      `system:serviceaccounts:${namespace}`,
    );
  }
  groups.push(AUTHENTICATED_GROUP);
  return { name, groups: [...new Set(groups)] };
}

/**
 * The default policy every API server bootstraps that matters here: discovery, health, OpenAPI and version for
 * everyone authenticated (`system:discovery`, `system:public-info-viewer`), the self reviews
 * (`system:basic-user`), and `cluster-admin` to bind.
 */
const BOOTSTRAP_MANIFESTS: unknown[] = [
  {
    kind: 'ClusterRole',
    metadata: { name: 'cluster-admin' },
    rules: [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['*'], verbs: ['*'] },
    ],
  },
  {
    kind: 'ClusterRole',
    metadata: { name: 'system:discovery' },
    rules: [
      {
        nonResourceURLs: [
          '/api',
          '/api/*',
          '/apis',
          '/apis/*',
          '/healthz',
          '/livez',
          '/readyz',
          '/openapi',
          '/openapi/*',
          '/version',
          '/version/',
        ],
        verbs: ['get'],
      },
    ],
  },
  {
    kind: 'ClusterRole',
    metadata: { name: 'system:basic-user' },
    rules: [
      {
        apiGroups: ['authorization.k8s.io'],
        resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
        verbs: ['create'],
      },
    ],
  },
  ...['system:discovery', 'system:basic-user'].map(name => ({
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { kind: 'ClusterRole', name },
    subjects: [{ kind: 'Group', name: AUTHENTICATED_GROUP }],
  })),
];

const RBAC_KINDS = new Set([
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
]);

const has = (list: string[] | undefined, value: string) =>
  (list ?? []).some(v => v === '*' || v === value);

function resourceMatches(rule: PolicyRule, a: RequestAttributes): boolean {
  const combined = a.subresource
    ? `${a.resource}/${a.subresource}`
    : a.resource ?? '';
  return (rule.resources ?? []).some(
    r =>
      r === '*' ||
      r === combined ||
      (!!a.subresource && r === `*/${a.subresource}`),
  );
}

function nonResourceMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some(
    u =>
      u === '*' ||
      u === path ||
      (u.endsWith('*') && path.startsWith(u.slice(0, -1))),
  );
}

/** Does one rule allow the request? */
export function ruleAllows(rule: PolicyRule, a: RequestAttributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (!a.resourceRequest) return nonResourceMatches(rule, a.path ?? '');
  if (!has(rule.apiGroups, a.apiGroup ?? '')) return false;
  if (!resourceMatches(rule, a)) return false;
  const names = rule.resourceNames ?? [];
  return names.length === 0 || (!!a.name && names.includes(a.name));
}

const describeSubject = (s: RbacSubject, bindingNamespace?: string) =>
  s.kind === 'ServiceAccount'
    ? `ServiceAccount "${s.namespace ?? bindingNamespace}/${s.name}"`
    : `${s.kind} "${s.name}"`;

/** The Roles, ClusterRoles and bindings of one policy, and the decisions they make. */
export class RbacPolicy {
  private readonly roles = new Map<string, PolicyRule[]>();
  private readonly clusterRoles = new Map<string, PolicyRule[]>();
  private readonly bindings: Binding[] = [];

  constructor(manifests: unknown[] = []) {
    for (const m of [...BOOTSTRAP_MANIFESTS, ...manifests]) this.add(m);
  }

  /** Loads the RBAC objects of multi-document YAML files; other kinds (ServiceAccount, Namespace) are skipped. */
  static fromFiles(files: string[]): RbacPolicy {
    const manifests: unknown[] = [];
    for (const file of files) {
      for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
        if (doc.errors.length > 0)
          throw new Error(`${file}: ${doc.errors[0].message}`);
        const obj = doc.toJS();
        if (obj) manifests.push(obj);
      }
    }
    return new RbacPolicy(manifests);
  }

  /** Adds one object; anything but the four RBAC kinds is ignored. */
  add(manifest: unknown) {
    const obj = manifest as any;
    if (!obj || !RBAC_KINDS.has(obj.kind)) return;
    const name = obj.metadata?.name;
    if (typeof name !== 'string' || !name)
      throw new Error(`an RBAC ${obj.kind} has no metadata.name`);
    const namespace: string | undefined = obj.metadata?.namespace;
    switch (obj.kind) {
      case 'Role':
        if (!namespace) throw new Error(`Role ${name} has no namespace`);
        this.roles.set(`${namespace}/${name}`, obj.rules ?? []);
        return;
      case 'ClusterRole':
        this.clusterRoles.set(name, obj.rules ?? []);
        return;
      default:
        if (obj.kind === 'RoleBinding' && !namespace)
          throw new Error(`RoleBinding ${name} has no namespace`);
        this.bindings.push({
          kind: obj.kind,
          name,
          namespace: obj.kind === 'RoleBinding' ? namespace : undefined,
          roleRef: obj.roleRef,
          subjects: obj.subjects ?? [],
        });
    }
  }

  private subjectMatches(
    s: RbacSubject,
    user: UserInfo,
    bindingNamespace?: string,
  ) {
    switch (s.kind) {
      case 'User':
        return s.name === user.name;
      case 'Group':
        return user.groups.includes(s.name);
      case 'ServiceAccount':
        return (
          user.name ===
          `${SERVICE_ACCOUNT_PREFIX}${s.namespace ?? bindingNamespace}:${
            s.name
          }`
        );
      default:
        return false;
    }
  }

  private rulesOf(binding: Binding): PolicyRule[] {
    if (binding.roleRef?.kind === 'Role')
      return (
        this.roles.get(`${binding.namespace}/${binding.roleRef.name}`) ?? []
      );
    return this.clusterRoles.get(binding.roleRef?.name) ?? [];
  }

  /** The bindings that apply to a user in a namespace (cluster bindings always; role bindings of that namespace). */
  private applicable(user: UserInfo, namespace?: string) {
    return this.bindings.flatMap(binding => {
      if (binding.kind === 'RoleBinding' && binding.namespace !== namespace)
        return [];
      const subject = binding.subjects.find(s =>
        this.subjectMatches(s, user, binding.namespace),
      );
      return subject ? [{ binding, subject }] : [];
    });
  }

  /** Every rule that applies to a user in a namespace (or at the cluster scope), for SelfSubjectRulesReview. */
  rulesFor(user: UserInfo, namespace?: string): PolicyRule[] {
    return this.applicable(user, namespace).flatMap(({ binding }) =>
      this.rulesOf(binding),
    );
  }

  authorize(user: UserInfo, attributes: RequestAttributes): Decision {
    if (user.groups.includes(MASTERS_GROUP))
      return { allowed: true, reason: `member of ${MASTERS_GROUP}` };
    const namespace = attributes.resourceRequest
      ? attributes.namespace || undefined
      : undefined;
    for (const { binding, subject } of this.applicable(user, namespace)) {
      if (this.rulesOf(binding).some(rule => ruleAllows(rule, attributes))) {
        const where =
          binding.kind === 'RoleBinding'
            ? `RoleBinding "${binding.name}/${binding.namespace}"`
            : `ClusterRoleBinding "${binding.name}"`;
        return {
          allowed: true,
          reason: `RBAC: allowed by ${where} of ${binding.roleRef.kind} "${
            binding.roleRef.name
          }" to ${describeSubject(subject, binding.namespace)}`,
        };
      }
    }
    return { allowed: false, reason: '' };
  }
}
