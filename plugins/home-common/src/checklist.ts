/** One step of the first-week checklist, as configured (`home.checklist.items`). */
export interface ChecklistItem {
  id: string;
  title: string;
  description?: string;
  /** Where to do it: a path in Atrium or a URL. */
  url?: string;
}

/** The checklist with the caller's progress. */
export interface Checklist {
  title: string;
  items: Array<ChecklistItem & { done: boolean; doneAt?: string }>;
}
