import type { AppView } from '@atrium/plugin-compute-common';

/** What every action dialog gets: the App as the user saw it when they opened the dialog. */
export interface AppDialogProps {
  app: AppView;
  onClose: () => void;
  /** Reload what the page shows. */
  onChanged: () => void;
}
