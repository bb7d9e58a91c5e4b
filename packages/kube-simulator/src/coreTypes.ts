import { ResourceType } from './types';

const core = (
  plural: string,
  kind: string,
  namespaced: boolean,
  verbs: string[],
  shortNames?: string[],
): ResourceType => ({
  group: '',
  version: 'v1',
  plural,
  singular: kind.toLowerCase(),
  kind,
  namespaced,
  verbs,
  shortNames,
});

/** The core/v1 resources the simulator serves, with the verbs it supports on each. */
export const CORE = {
  namespaces: core(
    'namespaces',
    'Namespace',
    false,
    ['create', 'get', 'list', 'watch'],
    ['ns'],
  ),
  nodes: core('nodes', 'Node', false, ['get', 'list', 'watch'], ['no']),
  pods: core('pods', 'Pod', true, ['delete', 'get', 'list', 'watch'], ['po']),
  events: core('events', 'Event', true, ['get', 'list', 'watch'], ['ev']),
  resourcequotas: core(
    'resourcequotas',
    'ResourceQuota',
    true,
    ['create', 'get', 'list', 'watch'],
    ['quota'],
  ),
};

export const CORE_TYPES: ResourceType[] = Object.values(CORE);
