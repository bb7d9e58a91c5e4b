import type { AppRef, AppView } from '@atrium/plugin-compute-common';

export const appRefOf = (app: AppView): AppRef => ({
  cluster: app.cluster,
  namespace: app.namespace,
  name: app.name,
});

/** `payments-gateway in sim-eu-west`. */
export const appLabel = (app: AppView) => `${app.name} in ${app.cluster}`;

/** The refs of the catalog Components that Apps are labelled with, e.g. `component:default/payments-gateway`. */
export const componentRefsOf = (apps: AppView[]): string[] =>
  apps.flatMap(a => (a.component ? [`component:default/${a.component}`] : []));
