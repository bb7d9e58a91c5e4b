/**
 * What tests/fixtures/stock-catalog's YAML implies: every entity (ref, where its page is, what it is called) and
 * every relation, written out from the files (forward only; the catalog adds each inverse).
 */
export interface ExpectedEntity {
  ref: string;
  /** Text the page's header shows. */
  title: string;
  /** Where its picture is, below the picture server's origin. */
  picture?: string;
}

export const ENTITIES: ExpectedEntity[] = [
  { ref: 'location:default/stock-root', title: 'stock-root' },
  { ref: 'location:default/stock-domains', title: 'stock-domains' },
  { ref: 'location:default/stock-commerce', title: 'stock-commerce' },
  {
    ref: 'group:default/stock-platform',
    title: 'Stock Platform',
    picture: '/groups/platform.png',
  },
  {
    ref: 'group:default/stock-payments',
    title: 'Stock Payments',
    picture: '/groups/payments.png',
  },
  {
    ref: 'user:default/stock-ann',
    title: 'Ann Stockton',
    picture: '/users/ann.png',
  },
  {
    ref: 'user:default/stock-ben',
    title: 'Ben Stockwell',
    picture: '/users/ben.png',
  },
  { ref: 'user:default/stock-cy', title: 'Cy Stockley' },
  { ref: 'domain:default/stock-commerce', title: 'stock-commerce' },
  { ref: 'system:default/stock-checkout', title: 'stock-checkout' },
  { ref: 'component:default/stock-checkout-web', title: 'stock-checkout-web' },
  {
    ref: 'component:default/stock-payments-service',
    title: 'stock-payments-service',
  },
  { ref: 'component:stock-ops/stock-runbook-bot', title: 'stock-runbook-bot' },
  { ref: 'api:default/stock-orders-api', title: 'stock-orders-api' },
  { ref: 'api:default/stock-payments-api', title: 'stock-payments-api' },
  { ref: 'resource:default/stock-orders-db', title: 'stock-orders-db' },
  { ref: 'template:default/stock-template', title: 'Stock template' },
];

const INVERSE: Record<string, string> = {
  ownedBy: 'ownerOf',
  partOf: 'hasPart',
  providesApi: 'apiProvidedBy',
  consumesApi: 'apiConsumedBy',
  dependsOn: 'dependencyOf',
  memberOf: 'hasMember',
  childOf: 'parentOf',
};

const PLATFORM = 'group:default/stock-platform';
const PAYMENTS = 'group:default/stock-payments';
const SYSTEM = 'system:default/stock-checkout';
const WEB = 'component:default/stock-checkout-web';
const SERVICE = 'component:default/stock-payments-service';
const ORDERS_API = 'api:default/stock-orders-api';
const PAYMENTS_API = 'api:default/stock-payments-api';
const DB = 'resource:default/stock-orders-db';
const BOT = 'component:stock-ops/stock-runbook-bot';

/** [source, type, target], as the YAML says. */
const FORWARD: Array<[string, string, string]> = [
  [PAYMENTS, 'childOf', PLATFORM],
  ['user:default/stock-ann', 'memberOf', PAYMENTS],
  ['user:default/stock-ben', 'memberOf', PAYMENTS],
  ['user:default/stock-cy', 'memberOf', PLATFORM],
  ['domain:default/stock-commerce', 'ownedBy', PLATFORM],
  [SYSTEM, 'ownedBy', PAYMENTS],
  [SYSTEM, 'partOf', 'domain:default/stock-commerce'],
  [WEB, 'ownedBy', PAYMENTS],
  [WEB, 'partOf', SYSTEM],
  [WEB, 'providesApi', ORDERS_API],
  [WEB, 'consumesApi', PAYMENTS_API],
  [WEB, 'dependsOn', DB],
  [SERVICE, 'ownedBy', 'user:default/stock-ann'],
  [SERVICE, 'partOf', SYSTEM],
  [SERVICE, 'providesApi', PAYMENTS_API],
  [ORDERS_API, 'ownedBy', PAYMENTS],
  [ORDERS_API, 'partOf', SYSTEM],
  [PAYMENTS_API, 'ownedBy', PAYMENTS],
  [PAYMENTS_API, 'partOf', SYSTEM],
  [DB, 'ownedBy', PAYMENTS],
  [DB, 'partOf', SYSTEM],
  [BOT, 'ownedBy', PLATFORM],
  [BOT, 'partOf', SYSTEM],
  [BOT, 'dependsOn', SERVICE],
  ['template:default/stock-template', 'ownedBy', PLATFORM],
];

/** Every relation each entity should carry, as `type target` strings, both directions. */
export function expectedRelations(): Map<string, Set<string>> {
  const all = new Map<string, Set<string>>(
    ENTITIES.map(e => [e.ref, new Set<string>()]),
  );
  for (const [source, type, target] of FORWARD) {
    all.get(source)!.add(`${type} ${target}`);
    all.get(target)!.add(`${INVERSE[type]} ${source}`);
  }
  return all;
}

/** Where an entity's page is in the app. */
export function entityPath(ref: string): string {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  return `/catalog/${namespace}/${kind}/${name}`;
}
