/** Stable `data-testid`s for browser tests. Keep them in sync with the tests in `tests/`. */
export const testIds = {
  tab: 'compute-tab',
  excluded: 'compute-excluded',
  cluster: (cluster: string) => `compute-cluster-${cluster}`,
  clusterError: (cluster: string) => `compute-cluster-error-${cluster}`,
  clusterStale: (cluster: string) => `compute-cluster-stale-${cluster}`,
  /** The events card's own (the Compute tab shows the workloads' too). */
  eventsStale: (cluster: string) => `compute-events-stale-${cluster}`,
  app: (cluster: string, app: string) => `compute-app-${cluster}-${app}`,
  appPhase: (cluster: string, app: string) =>
    `compute-app-phase-${cluster}-${app}`,
  appReplicas: (cluster: string, app: string) =>
    `compute-app-replicas-${cluster}-${app}`,
  action: (
    action: 'scale' | 'restart' | 'deploy' | 'scaler' | 'rollback',
    cluster: string,
    app: string,
  ) => `compute-action-${action}-${cluster}-${app}`,
  rollback: (cluster: string, app: string, revision: number) =>
    `compute-action-rollback-${cluster}-${app}-${revision}`,
  pods: (cluster: string, app: string) => `compute-pods-${cluster}-${app}`,
  dialog: 'compute-dialog',
  dialogChange: 'compute-dialog-change',
  dialogConfirm: 'compute-dialog-confirm',
  dialogProgress: 'compute-dialog-progress',
  dialogDone: 'compute-dialog-done',
  dialogFailed: 'compute-dialog-failed',
  /** Whether the change needs approval (`data-approval`: checking, needed, not-needed, unknown). */
  dialogApproval: 'compute-dialog-approval',
  dialogApprovalRequested: 'compute-dialog-approval-requested',
  dialogApprovalExpires: 'compute-dialog-approval-expires',
  activity: 'compute-activity',
  activityRow: 'compute-activity-row',
  logs: 'compute-logs',
  quota: 'compute-quota',
  teamCard: 'compute-team-card',
} as const;
