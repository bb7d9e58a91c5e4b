/**
 * Discovery: what kubectl and client libraries ask first. `/version`, `/api`, `/api/v1`, `/apis` and each group
 * and group version the cluster serves, with its resources, their verbs and subresources.
 */
import { authorizationApiGroup } from '../access';
import { ClusterState } from '../cluster';
import { CORE } from '../coreTypes';
import { apiVersionOf, ResourceType } from '../types';

/** The discovery document at `path`, or undefined when `path` is not a discovery path. */
export function discovery(cluster: ClusterState, path: string): unknown {
  const types = cluster.types;
  const groups = [
    ...new Set(types.filter(t => t.group).map(t => `${t.group}/${t.version}`)),
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
