/**
 * Schemas of the built-in types the simulator serves, for its OpenAPI documents: `meta/v1` (ObjectMeta,
 * ListMeta, Status, …), `autoscaling/v1` Scale, the authorization reviews, and the core/v1 kinds it serves
 * (Pod, Namespace, Node, Event, ResourceQuota). They name the fields the simulator fills in; nested parts it
 * passes through as they are (`x-kubernetes-preserve-unknown-fields`).
 */

type Schema = Record<string, unknown>;

export const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
export const CORE_PREFIX = 'io.k8s.api.core.v1';

const ref = (name: string, description?: string): Schema => ({
  allOf: [{ $ref: `#/components/schemas/${name}` }],
  ...(description ? { description } : {}),
});
const str = (description: string): Schema => ({ type: 'string', description });
const int = (description: string): Schema => ({
  type: 'integer',
  format: 'int32',
  description,
});
const time = (description: string): Schema => ({
  type: 'string',
  format: 'date-time',
  description,
});
const strMap = (description: string): Schema => ({
  type: 'object',
  additionalProperties: { type: 'string', default: '' },
  description,
});
const open = (description: string): Schema => ({
  type: 'object',
  description,
  'x-kubernetes-preserve-unknown-fields': true,
});
const list = (items: Schema, description: string): Schema => ({
  type: 'array',
  items,
  description,
});

export const API_VERSION_FIELD = str(
  'The versioned schema of this representation of an object, e.g. compute.atrium.dev/v1alpha1.',
);
export const KIND_FIELD = str(
  'The REST resource this object represents, in CamelCase, e.g. App.',
);
export const OBJECT_META_FIELD = ref(
  `${META}.ObjectMeta`,
  "Standard object's metadata: name, namespace, labels, annotations and what the server sets.",
);

/** `meta/v1` and `autoscaling/v1` schemas every group-version document refers to. */
export const META_SCHEMAS: Record<string, Schema> = {
  [`${META}.ObjectMeta`]: {
    type: 'object',
    description:
      'Metadata every persisted resource has: its name and namespace, labels and annotations, and what the server records.',
    properties: {
      name: str('Unique within a namespace; a DNS label for most kinds.'),
      namespace: str(
        'The namespace the object lives in; empty for cluster-scoped kinds.',
      ),
      labels: strMap('Key/value pairs to select and group objects by.'),
      annotations: strMap(
        'Key/value pairs for tools; not used to select objects.',
      ),
      uid: str('Set by the server on create; unique in time and space.'),
      resourceVersion: str(
        'Opaque version of this object, changed on every write; a precondition on update.',
      ),
      generation: {
        type: 'integer',
        format: 'int64',
        description: 'Incremented on every change to the spec.',
      },
      creationTimestamp: time('When the server stored the object.'),
      deletionTimestamp: time(
        'When the object is to be deleted (not used by the simulator).',
      ),
      ownerReferences: list(
        ref(`${META}.OwnerReference`),
        'Objects this one depends on.',
      ),
      managedFields: list(
        ref(`${META}.ManagedFieldsEntry`),
        'Which field manager owns which fields, as server-side apply records it.',
      ),
      finalizers: list(
        { type: 'string', default: '' },
        'Must be empty before the object is deleted.',
      ),
    },
  },
  [`${META}.ListMeta`]: {
    type: 'object',
    description:
      'Metadata of a list: its resourceVersion and the continue token of a chunked list.',
    properties: {
      resourceVersion: str('The version of the list.'),
      continue: str('Pass as `continue` to get the next chunk.'),
      remainingItemCount: {
        type: 'integer',
        format: 'int64',
        description: 'Items after this chunk.',
      },
    },
  },
  [`${META}.OwnerReference`]: {
    type: 'object',
    required: ['apiVersion', 'kind', 'name', 'uid'],
    description: 'Identifies an owning object.',
    properties: {
      apiVersion: str("The owner's API version."),
      kind: str("The owner's kind."),
      name: str("The owner's name."),
      uid: str("The owner's uid."),
      controller: {
        type: 'boolean',
        description: 'True for the managing controller.',
      },
      blockOwnerDeletion: {
        type: 'boolean',
        description: 'Not used by the simulator.',
      },
    },
  },
  [`${META}.ManagedFieldsEntry`]: {
    type: 'object',
    description: 'The fields one manager owns, and by which operation.',
    properties: {
      manager: str('The field manager, e.g. kubectl.'),
      operation: str('Apply or Update.'),
      apiVersion: str('The version of the fields.'),
      time: time('When the entry last changed.'),
      fieldsType: str('Always FieldsV1.'),
      fieldsV1: open(
        'The owned fields as a trie of f:<name> and k:<key> entries.',
      ),
      subresource: str(
        'The subresource the fields were written through, if any.',
      ),
    },
  },
  [`${META}.Status`]: {
    type: 'object',
    description:
      'The result of an operation that does not return an object, e.g. an error.',
    properties: {
      apiVersion: API_VERSION_FIELD,
      kind: KIND_FIELD,
      metadata: ref(`${META}.ListMeta`),
      status: str('Success or Failure.'),
      message: str('What happened, for people.'),
      reason: str('Why, as a CamelCase word, e.g. NotFound.'),
      details: open(
        'The object the status is about, and the causes of an invalid request.',
      ),
      code: int('The HTTP status code.'),
    },
    'x-kubernetes-group-version-kind': [
      { group: '', version: 'v1', kind: 'Status' },
    ],
  },
  [`${META}.Patch`]: {
    type: 'object',
    description:
      'A patch: a JSON merge patch, a JSON patch, or an apply configuration.',
  },
  [`${META}.DeleteOptions`]: {
    type: 'object',
    description:
      'Options of a delete (the simulator deletes at once and ignores them).',
    properties: {
      apiVersion: API_VERSION_FIELD,
      kind: KIND_FIELD,
      dryRun: list({ type: 'string', default: '' }, 'All: do not persist.'),
      propagationPolicy: str('Orphan, Background or Foreground.'),
      gracePeriodSeconds: {
        type: 'integer',
        format: 'int64',
        description: 'Ignored.',
      },
    },
  },
  'io.k8s.api.autoscaling.v1.Scale': {
    type: 'object',
    description: 'The scale subresource: desired and observed replicas.',
    properties: {
      apiVersion: API_VERSION_FIELD,
      kind: KIND_FIELD,
      metadata: OBJECT_META_FIELD,
      spec: {
        type: 'object',
        properties: { replicas: int('Desired replicas.') },
      },
      status: {
        type: 'object',
        properties: {
          replicas: int('Observed replicas.'),
          selector: str('Label query of the pods.'),
        },
      },
    },
    'x-kubernetes-group-version-kind': [
      { group: 'autoscaling', version: 'v1', kind: 'Scale' },
    ],
  },
};

const object = (description: string, spec: Schema, status: Schema): Schema => ({
  type: 'object',
  description,
  properties: {
    apiVersion: API_VERSION_FIELD,
    kind: KIND_FIELD,
    metadata: OBJECT_META_FIELD,
    spec,
    status,
  },
});

/** core/v1 kinds the simulator serves, by kind. */
export const CORE_SCHEMAS: Record<string, Schema> = {
  Pod: object(
    'A group of containers on one node; the simulator creates them for Apps.',
    {
      type: 'object',
      description: 'What the pod runs.',
      properties: {
        containers: list(
          {
            type: 'object',
            required: ['name'],
            properties: {
              name: str('The container name, unique in the pod.'),
              image: str('The image with its tag.'),
              resources: open('Requests and limits.'),
            },
          },
          'The containers.',
        ),
        nodeName: str('The node the pod runs on.'),
        priorityClassName: str('The PriorityClass, atrium-<tier> for Apps.'),
      },
    },
    {
      type: 'object',
      description: 'What the pod does.',
      properties: {
        phase: str('Pending, Running, Succeeded, Failed or Unknown.'),
        podIP: str('The pod address.'),
        hostIP: str('The node address.'),
        startTime: time('When the node accepted the pod.'),
        conditions: list(
          open('A condition.'),
          'PodScheduled, Initialized, ContainersReady, Ready.',
        ),
        containerStatuses: list(
          open('A container status.'),
          'One per container.',
        ),
      },
    },
  ),
  Namespace: object(
    'A scope for names; team namespaces carry compute.atrium.dev/team.',
    {
      type: 'object',
      properties: { finalizers: list({ type: 'string' }, 'Finalizers.') },
    },
    { type: 'object', properties: { phase: str('Active or Terminating.') } },
  ),
  Node: object(
    'A machine pods run on (simulated).',
    { type: 'object', properties: { podCIDR: str('Pod address range.') } },
    open('Capacity, allocatable resources, conditions, addresses, node info.'),
  ),
  ResourceQuota: object(
    'Limits on the resources a namespace may request, per PriorityClass scope.',
    {
      type: 'object',
      properties: {
        hard: strMap('The limits, e.g. requests.cpu.'),
        scopeSelector: open('Which pods count.'),
      },
    },
    {
      type: 'object',
      properties: {
        hard: strMap('The enforced limits.'),
        used: strMap('What the pods in scope request.'),
      },
    },
  ),
  Event: {
    type: 'object',
    description: 'Something that happened to an object.',
    properties: {
      apiVersion: API_VERSION_FIELD,
      kind: KIND_FIELD,
      metadata: OBJECT_META_FIELD,
      involvedObject: open('The object the event is about.'),
      reason: str('A short CamelCase reason, e.g. BackOff.'),
      message: str('What happened, for people.'),
      type: str('Normal or Warning.'),
      count: int('How often it happened.'),
      firstTimestamp: time('First time.'),
      lastTimestamp: time('Last time.'),
      source: open('The component that reported it.'),
    },
  },
};
