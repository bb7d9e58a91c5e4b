import { SelfServiceFunnel } from '../funnel';
import { RunJournal } from '../journal';
import { createRollbackAction } from './rollback';
import { recordingLogger } from './testLogger';

/** The rollback action over fakes of what it calls: what it removes, in which order, and what it says. */
describe('atrium:service:rollback', () => {
  const calls: string[] = [];
  const logs: string[] = [];
  const outputs: Record<string, unknown> = {};
  let repoDelete: () => Promise<boolean>;

  const git = {
    delete: async (name: string) => {
      calls.push(`repo ${name}`);
      return repoDelete();
    },
  };
  const compute = {
    deleteApp: async (app: { cluster: string; name: string }) => {
      calls.push(`app ${app.cluster}/${app.name}`);
    },
  };
  const catalog = {
    getLocationByRef: async (ref: string) =>
      ref.endsWith('/svc/main/catalog-info.yaml') ? { id: 'loc-1' } : undefined,
    removeLocationById: async (id: string) => {
      calls.push(`location ${id}`);
    },
    getEntities: async () => ({
      items: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'svc', namespace: 'default', uid: 'uid-1' },
        },
      ],
    }),
    removeEntityByUid: async (uid: string) => {
      calls.push(`entity ${uid}`);
    },
  };
  const auth = { getOwnServiceCredentials: async () => ({}) };
  // ScmRepositories (GitHub and GitLab through the integrations) is tested in scmRepositories.test.ts.
  const scm = {
    delete: async (remoteUrl: string) => {
      calls.push(`scm ${remoteUrl}`);
      return `repository ${remoteUrl} deleted`;
    },
  };
  // The adoption events the funnel records (a fake of the adoption backend's client).
  const recorded: Array<{ action: string; attributes?: object; user: string }> =
    [];
  const funnel = new SelfServiceFunnel(
    {
      record: async (events, { userEntityRef }) => {
        for (const e of events)
          recorded.push({ ...e, user: userEntityRef } as any);
        return { accepted: events.length };
      },
    },
    { warn: () => {} } as any,
  );

  const run = async (
    journal: RunJournal,
    isDryRun = false,
    published?: { remoteUrl?: string; catalogInfoUrl?: string },
  ) => {
    const action = createRollbackAction({
      journal,
      git: git as any,
      compute: compute as any,
      catalog: catalog as any,
      auth: auth as any,
      funnel,
      scm,
    });
    const logger = recordingLogger(logs);
    await action.handler({
      input: {
        steps: [
          { id: 'plan', name: 'Check', finished: 'team-payments' },
          { id: 'publish', name: 'Create the repository', finished: 'x' },
          { id: 'register', name: 'Register', finished: 'y' },
          { id: 'create-app', name: 'Create the App', finished: '' },
          { id: 'deploy', name: 'Deploy', finished: '' },
        ],
        published,
      },
      task: { id: 't1' },
      step: { id: 'rollback' },
      user: { ref: 'user:default/alice' },
      templateInfo: { entityRef: 'template:default/atrium-service' },
      logger,
      isDryRun,
      output: (k: string, v: unknown) => (outputs[k] = v),
      getInitiatorCredentials: async () => ({}),
    } as any);
  };

  const journalOfRun = () => {
    const journal = new RunJournal();
    journal.begin('t1', 'publish');
    journal.record('t1', {
      kind: 'repository',
      name: 'svc',
      cloneUrl: 'http://git/svc.git',
    });
    journal.record('t1', {
      kind: 'catalog-location',
      target: 'http://git/raw/svc/main/catalog-info.yaml',
    });
    journal.finish('t1', 'publish');
    journal.begin('t1', 'create-app');
    journal.record('t1', {
      kind: 'apps',
      apps: [{ cluster: 'eu', namespace: 'team-payments', name: 'svc' }],
    });
    return journal;
  };

  beforeEach(() => {
    calls.length = 0;
    logs.length = 0;
    recorded.length = 0;
    repoDelete = async () => true;
  });

  it('undoes a repository published by publish:github, after the App and the catalog location', async () => {
    const journal = new RunJournal();
    journal.begin('t1', 'create-app');
    journal.record('t1', {
      kind: 'apps',
      apps: [{ cluster: 'eu', namespace: 'team-payments', name: 'svc' }],
    });
    await run(journal, false, {
      remoteUrl: 'https://github.example.com/acme/svc.git',
      catalogInfoUrl:
        'https://github.example.com/acme/svc/blob/main/svc/main/catalog-info.yaml',
    });
    expect(calls).toEqual([
      'app eu/svc',
      'location loc-1',
      'entity uid-1',
      'scm https://github.example.com/acme/svc.git',
    ]);
    expect(outputs.undone).toContain(
      'repository https://github.example.com/acme/svc.git deleted',
    );
  });

  it('leaves a GitHub repository alone when the publish step did not finish (its output is empty)', async () => {
    await run(new RunJournal(), false, { remoteUrl: '', catalogInfoUrl: '' });
    expect(calls).toEqual([]);
  });

  it('names the failing step and removes what the run made, newest first', async () => {
    await run(journalOfRun());
    expect(calls).toEqual([
      'app eu/svc',
      'location loc-1',
      'entity uid-1',
      'repo svc',
    ]);
    expect(logs[0]).toBe(
      'Step create-app (Create the App) failed: undoing what this run made',
    );
    expect(outputs.failedStep).toBe('create-app');
    // The run's outcome, for adoption Insights: failed, at create-app, stamped with the run's start.
    expect(recorded.map(e => e.action)).toEqual([
      'funnel.template-started',
      'template.run',
    ]);
    expect(recorded[1]).toMatchObject({
      user: 'user:default/alice',
      subject: 'template:default/atrium-service',
      attributes: {
        outcome: 'failed',
        failedStep: 'create-app',
        taskId: 't1',
        templateRef: 'template:default/atrium-service',
      },
      timestamp: (recorded[0] as any).timestamp,
    });
    expect(outputs.undone).toEqual([
      'App team-payments/svc deleted on eu',
      'catalog location http://git/raw/svc/main/catalog-info.yaml unregistered',
      'entity component:default/svc removed',
      'repository svc deleted',
    ]);
  });

  it('undoes what it can and fails naming what is left', async () => {
    repoDelete = async () => {
      throw new Error('disk on fire');
    };
    await expect(run(journalOfRun())).rejects.toThrow(
      'Could not undo: repository svc: disk on fire',
    );
    expect(calls).toEqual([
      'app eu/svc',
      'location loc-1',
      'entity uid-1',
      'repo svc',
    ]);
  });

  it('names the failing step from the steps outputs when no Atrium step was left open, and undoes nothing twice', async () => {
    const journal = new RunJournal();
    journal.begin('t1', 'publish');
    journal.record('t1', { kind: 'repository', name: 'svc', cloneUrl: 'u' });
    journal.finish('t1', 'publish');
    await run(journal);
    expect(outputs.failedStep).toBe('create-app');
    expect(calls).toEqual(['repo svc']);
    calls.length = 0;
    await run(journal);
    expect(calls).toEqual([]);
    expect(logs).toContain('Nothing had been made');
  });

  it('makes no change in a dry run, and records no run', async () => {
    await run(journalOfRun(), true);
    expect(calls).toEqual([]);
    expect(recorded).toEqual([]);
  });
});
