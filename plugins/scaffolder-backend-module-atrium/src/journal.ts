/** Where an App lives. */
export interface AppLocation {
  cluster: string;
  namespace: string;
  name: string;
}

/** Something a run made, that undoing the run removes. */
export type Made =
  | { kind: 'repository'; name: string; cloneUrl: string }
  /** A repository `publish:github` / `publish:gitlab` made (production), named by its step's remoteUrl. */
  | { kind: 'scm-repository'; remoteUrl: string }
  | { kind: 'catalog-location'; target: string }
  | { kind: 'apps'; apps: AppLocation[] };

interface Run {
  at: number;
  made: Made[];
  /** Atrium steps begun and not finished: the one that failed. */
  open: Set<string>;
  finished: Set<string>;
}

/** Runs older than this are forgotten (a run that succeeded is never undone). */
const KEEP_MS = 6 * 60 * 60 * 1000;

/**
 * What each run of a template made, by task id, so that `atrium:service:rollback` (the template's last step,
 * `if: ${{ failure() }}`) removes exactly that — never a repository or App of the same name made by someone
 * else, which a rollback reading the template's parameters would.
 *
 * Kept in the memory of the backend that runs the task: a run lives on one replica from start to end (the
 * scaffolder's task recovery is off).
 */
export class RunJournal {
  private readonly runs = new Map<string, Run>();

  private run(taskId: string): Run {
    let run = this.runs.get(taskId);
    if (!run) {
      this.forgetOld();
      run = { at: Date.now(), made: [], open: new Set(), finished: new Set() };
      this.runs.set(taskId, run);
    }
    return run;
  }

  begin(taskId: string, stepId: string | undefined) {
    if (stepId) this.run(taskId).open.add(stepId);
  }

  finish(taskId: string, stepId: string | undefined) {
    if (!stepId) return;
    const run = this.run(taskId);
    run.open.delete(stepId);
    run.finished.add(stepId);
  }

  record(taskId: string, made: Made) {
    this.run(taskId).made.push(made);
  }

  /** What the run made, newest first, and its Atrium steps begun and not finished; the run is forgotten. */
  take(taskId: string) {
    const run = this.runs.get(taskId);
    this.runs.delete(taskId);
    return {
      made: [...(run?.made ?? [])].reverse(),
      open: [...(run?.open ?? [])],
      finished: [...(run?.finished ?? [])],
    };
  }

  private forgetOld() {
    const now = Date.now();
    for (const [id, run] of this.runs) {
      if (now - run.at > KEEP_MS) this.runs.delete(id);
    }
  }
}
