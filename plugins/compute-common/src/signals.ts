import type { ComputeActionType } from './api';

/** Every compute signal channel starts with this. */
export const COMPUTE_SIGNAL_PREFIX = 'atrium:compute:';

/**
 * The Backstage signal channel of a component's compute: `atrium:compute:<entity ref>`, the ref in lower case
 * (`atrium:compute:component:default/payments-gateway`), so the backend and the frontend name it alike however
 * the ref was spelled. Backstage's signals match channels as opaque strings (no characters are reserved).
 */
export function computeSignalChannel(entityRef: string): string {
  return `${COMPUTE_SIGNAL_PREFIX}${entityRef.toLocaleLowerCase('en-US')}`;
}

/**
 * What the compute backend publishes on a component's channel once an owner's action on one of its Apps has been
 * applied and audited (never for a refused or failed one). Receivers refetch what they show; the message says
 * what happened for those that want to tell the user. A `type` alias rather than an interface, so that it is a
 * JSON object to Backstage's signals API.
 */
export type ComputeActionSignal = {
  type: 'action';
  action: ComputeActionType;
  /** The catalog Component the App belongs to (from the App's label). */
  entityRef: string;
  cluster: string;
  namespace: string;
  app: string;
  /** The user's entity ref. */
  actor: string;
  /** The id of the action's record in the compute audit (the component's Activity). */
  auditId: number;
  /** When the action was recorded (ISO 8601). */
  occurredAt: string;
};
