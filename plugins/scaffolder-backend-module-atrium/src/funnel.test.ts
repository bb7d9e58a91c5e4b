import type { ServerAdoptionEvent } from '@atrium/plugin-adoption-node';
import { SelfServiceFunnel } from './funnel';

describe('the self-service funnel', () => {
  it("puts the new component's ref on the Ready step, which joins the run to its first alert rule", async () => {
    const recorded: Array<{ events: ServerAdoptionEvent[]; user: unknown }> =
      [];
    const funnel = new SelfServiceFunnel(
      {
        record: async (events, options) => {
          recorded.push({ events, user: options.userEntityRef });
          return { accepted: events.length };
        },
      },
      { warn: () => {} } as any,
    );
    const ctx = {
      task: { id: 't1' },
      templateInfo: { entityRef: 'template:default/service' },
      user: { ref: 'user:default/alice.nakamura' },
    };
    await funnel.started(ctx);
    funnel.componentCreated(ctx, 'component:default/ledger-reports');
    await funnel.appReady(ctx);

    const byAction = new Map(
      recorded.map(r => [r.events[0].action, r.events[0]]),
    );
    expect([...byAction.keys()]).toEqual([
      'funnel.template-started',
      'funnel.app-ready',
      'template.run',
    ]);
    expect(byAction.get('funnel.app-ready')!.context).toEqual({
      pluginId: 'scaffolder',
      entityRef: 'component:default/ledger-reports',
    });
    expect(byAction.get('template.run')!.context).toEqual({
      pluginId: 'scaffolder',
    });
    expect(new Set(recorded.map(r => r.user))).toEqual(
      new Set(['user:default/alice.nakamura']),
    );
  });
});
