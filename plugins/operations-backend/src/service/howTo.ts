import { OPERATIONS_ANNOTATIONS } from '@atrium/plugin-operations-common';

/** What an answer says when Prometheus or Alertmanager is not configured: how to configure it. */
export const HOW_TO = {
  prometheus:
    'Set operations.prometheus.baseUrl in the app config to your Prometheus (e.g. http://prometheus.monitoring:9090). ' +
    `The charts then show the series labelled component="<entity name>"; the ${OPERATIONS_ANNOTATIONS.prometheusSelector} ` +
    `annotation gives other label matchers, and ${OPERATIONS_ANNOTATIONS.promqlPrefix}<metric> annotations replace whole queries.`,
  alertmanager:
    'Set operations.alertmanager.baseUrl in the app config to your Alertmanager (e.g. http://alertmanager.monitoring:9093). ' +
    `The card then shows the alerts whose component label (operations.alerts.componentLabel) is the entity's name, ` +
    `or those the ${OPERATIONS_ANNOTATIONS.alertMatchers} annotation selects.`,
};
