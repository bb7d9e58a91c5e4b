import { SelfServiceFunnel } from '../funnel';
import { RunJournal } from '../journal';
import { createCreateAppAction } from './createApp';
import { recordingLogger } from './testLogger';

const INPUT = {
  owner: 'group:default/team-payments',
  name: 'ledger-reports',
  tier: 'reserved',
  clusters: ['sim-eu-west'],
  replicas: 2,
  cpu: '250m',
  memory: '256Mi',
  image: 'registry.larkspur.example/payments/ledger-reports',
  dryRun: true,
};
const FREEZE = {
  rule: 'freeze-window',
  message: "The change freeze 'year-end' runs until 2027-01-04 09:00 UTC.",
};

/**
 * The plan step of atrium:compute:create-app (a dry run of it) over a fake of compute (compute's own rules are
 * tested with the real backend in tests/self-service.test.ts and tests/compute-approvals.test.ts).
 */
describe('atrium:compute:create-app, planning (fake compute)', () => {
  const run = async (options: {
    needsApproval: boolean;
    scaffolderDryRun: boolean;
  }) => {
    const calls: string[] = [];
    const logs: string[] = [];
    const compute = {
      createApp: async (_team: unknown, request: { dryRun: boolean }) => {
        calls.push(request.dryRun ? 'create (dry run)' : 'create');
        return {
          dryRun: request.dryRun,
          apps: [
            {
              cluster: 'sim-eu-west',
              namespace: 'team-payments',
              name: 'ledger-reports',
            },
          ],
          manifests: [],
        };
      },
      checkCreateApp: async () => {
        calls.push('check');
        return options.needsApproval
          ? { needsApproval: true, reasons: [FREEZE] }
          : { needsApproval: false, reasons: [] };
      },
    };
    const action = createCreateAppAction({
      compute: compute as any,
      journal: new RunJournal(),
      failActions: [],
      funnel: new SelfServiceFunnel(
        { record: async events => ({ accepted: events.length }) },
        { warn: () => {} } as any,
      ),
    });
    const outcome = await action
      .handler({
        input: INPUT,
        task: { id: 't1' },
        step: { id: 'plan' },
        logger: recordingLogger(logs),
        isDryRun: options.scaffolderDryRun,
        output: () => {},
        getInitiatorCredentials: async () => ({}),
        user: { ref: 'user:default/alice.nakamura' },
      } as any)
      .then(
        () => 'done',
        (error: Error) => `${error.name}: ${error.message}`,
      );
    return { outcome, calls, logs };
  };

  it('stops a real run at the plan step when creating the App needs approval, saying why, before anything is made', async () => {
    const { outcome, calls } = await run({
      needsApproval: true,
      scaffolderDryRun: false,
    });
    expect(outcome).toBe(
      `NotAllowedError: Creating App ledger-reports on sim-eu-west for team-payments needs approval: ${FREEZE.message} A template run cannot wait for approval, so nothing was created; run it again once this no longer applies.`,
    );
    expect(calls).toEqual(['create (dry run)', 'check']);
  });

  it('goes on when no rule asks for approval', async () => {
    const { outcome, calls } = await run({
      needsApproval: false,
      scaffolderDryRun: false,
    });
    expect(outcome).toBe('done');
    expect(calls).toEqual(['create (dry run)', 'check']);
  });

  it("in the template editor's dry run, warns that a real run would stop, and finishes", async () => {
    const { outcome, logs } = await run({
      needsApproval: true,
      scaffolderDryRun: true,
    });
    expect(outcome).toBe('done');
    expect(logs).toContain(
      `A real run would stop here. Creating App ledger-reports on sim-eu-west for team-payments needs approval: ${FREEZE.message}`,
    );
  });
});
