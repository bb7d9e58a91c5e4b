import { InputError } from '@backstage/errors';

/**
 * A Home layout: the widgets shown, in order, by their names (a home page widget's `name`, or its extension id
 * when it has none).
 */
export interface HomeLayout {
  widgets: string[];
}

/**
 * Who a stored layout is for: one user, the members of one team (its default), or everyone (the global
 * default a platform admin sets).
 */
export type HomeLayoutScope = 'user' | 'group' | 'global';

export interface StoredHomeLayout extends HomeLayout {
  scope: HomeLayoutScope;
  /** The user's or the group's entity ref; empty for the global default. */
  subject: string;
  updatedBy: string;
  /** ISO 8601. */
  updatedAt: string;
}

/** A group whose default the caller may set. */
export interface EditableGroup {
  ref: string;
  title: string;
}

/** What Home shows the caller, and where it came from. */
export interface EffectiveHomeLayout {
  /**
   * The layout that applies: the user's own, else the first of their teams' defaults, else the global default.
   * Null when none is stored: the app's configured order applies.
   */
  layout: StoredHomeLayout | null;
  /**
   * The caller's teams (those they are a direct member of): their defaults are theirs to set. Platform admins
   * may set any team's through the API.
   */
  editableGroups: EditableGroup[];
  /** Whether the caller may set the global default (platform admins). */
  canEditGlobal: boolean;
}

export const HOME_LAYOUT_MAX_WIDGETS = 40;
const WIDGET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,99}$/;

/**
 * A layout from untrusted input, checked: an object with `widgets`, a list of at most
 * `HOME_LAYOUT_MAX_WIDGETS` distinct widget names. Names of widgets the app does not have are kept (a plugin
 * may be added back) and skipped when shown.
 */
export function parseHomeLayout(input: unknown): HomeLayout {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InputError('A Home layout is an object: { "widgets": [names] }');
  }
  const widgets = (input as { widgets?: unknown }).widgets;
  if (!Array.isArray(widgets)) {
    throw new InputError('"widgets" must be a list of widget names');
  }
  if (widgets.length > HOME_LAYOUT_MAX_WIDGETS) {
    throw new InputError(
      `A Home layout has at most ${HOME_LAYOUT_MAX_WIDGETS} widgets, not ${widgets.length}`,
    );
  }
  const seen = new Set<string>();
  for (const name of widgets) {
    if (typeof name !== 'string' || !WIDGET_NAME.test(name)) {
      throw new InputError(
        `Widget names are 1-100 letters, digits and _ . : / - (starting with a letter or digit): ${JSON.stringify(
          name,
        )?.slice(0, 120)}`,
      );
    }
    if (seen.has(name)) {
      throw new InputError(`Widget "${name}" is listed twice`);
    }
    seen.add(name);
  }
  return { widgets: [...widgets] };
}

/**
 * The widgets to show, in order: the layout's names that the app has, or all of the app's widgets in its
 * configured order when there is no layout.
 */
export function arrangeWidgets<T extends { name?: string }>(
  available: readonly T[],
  layout: HomeLayout | null | undefined,
): T[] {
  if (!layout) return [...available];
  const byName = new Map(
    available.filter(w => w.name).map(w => [w.name!, w] as const),
  );
  return layout.widgets.flatMap(name => {
    const widget = byName.get(name);
    return widget ? [widget] : [];
  });
}
