/**
 * One Kubernetes API request as the handlers see it: the cluster it is for, the request and response, its URL and
 * method; and where a resource path (`/api/v1/…`, `/apis/<group>/<version>/…`) leads: type, namespace, name and
 * subresource.
 */
import http from 'node:http';
import { ClusterState } from '../cluster';
import { badRequest, methodNotAllowed } from '../status';
import { ResourceType } from '../types';

export interface ApiRequest {
  cluster: ClusterState;
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: URL;
  /** Upper case. */
  method: string;
}

export interface ResourcePath {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** Resolves `/api/v1/…` and `/apis/<group>/<version>/…` paths to a resource. */
export function parseResourcePath(
  cluster: ClusterState,
  segments: string[],
): ResourcePath | undefined {
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

/** A path segment, percent-decoded; 400 (not 500) for one that is not valid percent-encoding. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest(`invalid percent-encoding in path segment "${segment}"`);
  }
}

/** 405 unless the resource serves the verb. */
export function allowVerb(type: ResourceType, verb: string) {
  if (!type.verbs.includes(verb)) throw methodNotAllowed(verb);
}
