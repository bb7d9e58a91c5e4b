import { ConflictError } from '@backstage/errors';
import { SelfServiceFunnel } from '../funnel';
import { RunJournal } from '../journal';
import { createDeployAction } from './deploy';
import { recordingLogger } from './testLogger';

const APP = { cluster: 'sim-eu-west', namespace: 'team-payments', name: 'svc' };

/** The deploy action over a fake of compute: what it sends when the App's resourceVersion moves under it. */
describe('atrium:compute:deploy', () => {
  const run = async (conflicts: number) => {
    let resourceVersion = 1;
    let version = '1.0.0';
    const sent: string[] = [];
    const logs: string[] = [];
    const compute = {
      getApp: async () => ({
        ...APP,
        resourceVersion: String(resourceVersion),
        generation: 1,
        spec: { version, replicas: 1 },
        status: {
          phase: 'Running',
          readyReplicas: 1,
          observedGeneration: 1,
        },
      }),
      getImageTags: async () => ({
        image: 'registry.test/payments/svc',
        tags: ['1.0.0', '1.1.0'],
      }),
      deploy: async (_app: unknown, body: { resourceVersion: string }) => {
        sent.push(body.resourceVersion);
        if (sent.length <= conflicts) {
          // The controller updated the App's status between the read and the deploy.
          resourceVersion++;
          throw new ConflictError('the App changed since it was read');
        }
        version = '1.1.0';
      },
    };
    const action = createDeployAction({
      compute: compute as any,
      journal: new RunJournal(),
      defaultTimeoutSeconds: 5,
      funnel: new SelfServiceFunnel(
        { record: async events => ({ accepted: events.length }) },
        { warn: () => {} } as any,
      ),
    });
    const logger = recordingLogger(logs);
    const outcome = action
      .handler({
        input: { apps: [APP], version: '1.1.0', timeoutSeconds: 5 },
        task: { id: 't1' },
        step: { id: 'deploy' },
        logger,
        isDryRun: false,
        output: () => {},
        getInitiatorCredentials: async () => ({}),
      } as any)
      .then(
        () => 'done',
        (error: Error) => `${error.name}: ${error.message}`,
      );
    return { outcome: await outcome, sent, logs };
  };

  it("reads the App again after a 409 and deploys against its new resourceVersion (the fresh-clone run's failure)", async () => {
    const { outcome, sent, logs } = await run(2);
    expect(outcome).toBe('done');
    expect(sent).toEqual(['1', '2', '3']);
    expect(logs).toContain(
      'sim-eu-west/svc changed since it was read; reading it again',
    );
  });

  it('gives up after five conflicts, with the conflict as the failure', async () => {
    const { outcome, sent } = await run(100);
    expect(outcome).toBe('ConflictError: the App changed since it was read');
    expect(sent).toHaveLength(6);
  });
});
