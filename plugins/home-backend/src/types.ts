import type {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import type {
  Checklist,
  EffectiveHomeLayout,
  HomeLayout,
  StoredHomeLayout,
} from '@atrium/plugin-home-common';

type UserCredentials = BackstageCredentials<BackstageUserPrincipal>;

/**
 * Home layouts as the router uses them: the caller's effective layout (their own, else their team's, else
 * everyone's), their own saved or reset, a team's default (its direct members and admins change it) and
 * everyone's (admins). Group refs are `group:<namespace>/<name>`. `HomeLayouts` implements it.
 */
export interface HomeLayoutsService {
  effective(credentials: UserCredentials): Promise<EffectiveHomeLayout>;
  saveMine(
    credentials: UserCredentials,
    layout: HomeLayout,
  ): Promise<StoredHomeLayout>;
  resetMine(credentials: UserCredentials): Promise<void>;
  groupLayout(
    groupRef: string,
    credentials: UserCredentials,
  ): Promise<StoredHomeLayout | null>;
  saveGroupLayout(
    groupRef: string,
    layout: HomeLayout,
    credentials: UserCredentials,
  ): Promise<StoredHomeLayout>;
  deleteGroupLayout(
    groupRef: string,
    credentials: UserCredentials,
  ): Promise<void>;
  globalLayout(): Promise<StoredHomeLayout | null>;
  saveGlobalLayout(
    layout: HomeLayout,
    credentials: UserCredentials,
  ): Promise<StoredHomeLayout>;
  deleteGlobalLayout(credentials: UserCredentials): Promise<void>;
}

/** The first-week checklist with a user's progress. `FirstWeekChecklist` implements it. */
export interface ChecklistService {
  forUser(userRef: string): Promise<Checklist>;
  /** Ticks or unticks a step (`done` must be a boolean; an unknown step is 404). */
  set(userRef: string, itemId: string, done: unknown): Promise<Checklist>;
}
