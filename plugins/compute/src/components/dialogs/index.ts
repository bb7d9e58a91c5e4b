export { ActionDialog } from './ActionDialog';
export { ScaleDialog } from './ScaleDialog';
export { RestartDialog } from './RestartDialog';
export { DeployDialog } from './DeployDialog';
export { RollbackDialog } from './RollbackDialog';
export { ScalerDialog } from './ScalerDialog';
export { RolloutProgress } from './RolloutProgress';
export type { AppDialogProps } from './types';
