/**
 * Atrium's personal Home, shared by frontend and backend: layouts (a user's own, a team's default, the global
 * default), their validation, the first-week checklist, and the typed client of the home backend.
 *
 * @packageDocumentation
 */
export {
  arrangeWidgets,
  HOME_LAYOUT_MAX_WIDGETS,
  parseHomeLayout,
  type EditableGroup,
  type EffectiveHomeLayout,
  type HomeLayout,
  type HomeLayoutScope,
  type StoredHomeLayout,
} from './layout';
export {
  HomeLayoutClient,
  type HomeLayoutApi,
  type HomeRequestOptions,
} from './client';
export type { Checklist, ChecklistItem } from './checklist';
