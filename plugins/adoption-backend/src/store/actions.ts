/** The actions Insights reads, as the app and the backend plugins send them. */

/** A page view, as Backstage's analytics names it. */
export const VIEW_ACTION = 'navigate';
/** A search: subject the term, value the number of results. */
export const SEARCH_ACTION = 'search';
/** A software template run: attributes templateRef, outcome, taskId. */
export const TEMPLATE_RUN_ACTION = 'template.run';
/** The funnel step where a new service's app first answers: attributes.taskId or context.entityRef. */
export const APP_READY_ACTION = 'funnel.app-ready';
/**
 * The new-service funnel's last step: the component's first alerting rule in Prometheus, as operations first saw
 * it. context.entityRef the component, attributes rule and group; recorded with no user (a system found it).
 */
export const FIRST_ALERT_RULE_ACTION = 'funnel.first-alert-rule';
/** A compute action that settled: attributes kind (scale, restart, deploy, rollback, …) and outcome. */
export const COMPUTE_ACTION = 'compute.action';
