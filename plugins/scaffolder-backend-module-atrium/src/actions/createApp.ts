import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import type { SelfServiceCompute } from '../compute';
import type { RunJournal } from '../journal';
import type { SelfServiceFunnel } from '../funnel';
import { appRefFields } from './appRef';

/**
 * `atrium:compute:create-app`: an App (and its Scaler) for a team's component on the chosen clusters, through
 * compute with the initiator's credentials, so compute's rules apply to the person, not to the scaffolder: a
 * member of the team (or a platform admin), within the team's quota, a name not taken. With `dryRun` (or in a
 * scaffolder dry run) compute checks all of that and answers the manifests it would apply; nothing is created.
 * The template runs it that way first, before the repository step, so a refusal leaves nothing to undo.
 */
export function createCreateAppAction(options: {
  funnel: SelfServiceFunnel;
  compute: SelfServiceCompute;
  journal: RunJournal;
  failActions: string[];
}) {
  const { compute, journal, failActions, funnel } = options;
  return createTemplateAction({
    id: 'atrium:compute:create-app',
    description:
      "Creates a team's App and Scaler on Atrium compute's clusters, as the user who runs the template",
    supportsDryRun: true,
    schema: {
      input: {
        owner: z =>
          z
            .string()
            .describe('The owning team, e.g. group:default/team-payments'),
        name: z => z.string().describe('The App name'),
        component: z =>
          z
            .string()
            .optional()
            .describe('The catalog Component (default: name)'),
        tier: z => z.enum(['reserved', 'on-demand', 'preemptible']),
        clusters: z => z.array(z.string()).min(1),
        replicas: z => z.number().int().min(1),
        cpu: z => z.string().describe('CPU request per replica, e.g. 250m'),
        memory: z =>
          z.string().describe('Memory request per replica, e.g. 256Mi'),
        image: z => z.string().describe('Image repository, without tag'),
        minReplicas: z => z.number().int().min(1).optional(),
        maxReplicas: z => z.number().int().min(1).optional(),
        dryRun: z =>
          z
            .boolean()
            .optional()
            .describe('Only check (team, quota, names) and show the manifests'),
      },
      output: {
        dryRun: z => z.boolean(),
        namespace: z => z.string(),
        apps: z => z.array(z.object(appRefFields(z))),
      },
    },
    async handler(ctx) {
      const input = ctx.input;
      const dryRun = Boolean(ctx.isDryRun || input.dryRun);
      // A real run's plan step (a dry run of this action) is its first Atrium step: the funnel starts there.
      await funnel.started(ctx);
      if (!dryRun) journal.begin(ctx.task.id, ctx.step?.id);
      const id = 'atrium:compute:create-app';
      if (
        !dryRun &&
        (failActions.includes(id) ||
          failActions.includes(`${id}:${input.name}`))
      ) {
        throw new Error(
          `Injected failure: atrium.selfService.failActions names ${id} (tests only)`,
        );
      }
      const team = parseEntityRef(input.owner, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      });
      if (team.kind.toLocaleLowerCase('en-US') !== 'group') {
        throw new InputError(
          `The owner must be a team (Group), not ${input.owner}`,
        );
      }
      const scaler =
        input.minReplicas !== undefined || input.maxReplicas !== undefined
          ? {
              minReplicas: input.minReplicas ?? input.replicas,
              maxReplicas: input.maxReplicas ?? input.replicas,
            }
          : undefined;
      const request = {
        name: input.name,
        component: stringifyEntityRef({
          kind: 'component',
          namespace: 'default',
          name: input.component ?? input.name,
        }),
        tier: input.tier,
        clusters: input.clusters,
        replicas: input.replicas,
        resources: { cpu: input.cpu, memory: input.memory },
        image: input.image,
        ...(scaler ? { scaler } : {}),
        dryRun,
      };
      const where = `${input.clusters.join(', ')} for ${team.name}`;
      const credentials = await ctx.getInitiatorCredentials();
      const created = await compute.createApp(team, request, { credentials });
      const apps = created.apps.map(({ cluster, namespace, name }) => ({
        cluster,
        namespace,
        name,
      }));
      if (dryRun) {
        // Compute stores a creation that a rule holds for approval (a freeze window, the reserved tier) as a request,
        // and that would happen at the real step, after the repository and the catalog entry exist: a run cannot
        // wait for a decision, and undoing it would leave the request behind to create an App later. So the plan
        // step asks compute's check now and stops a real run before anything is made; a scaffolder dry run says so.
        const check = await compute.checkCreateApp(team, request, {
          credentials,
        });
        if (check.needsApproval) {
          const why = check.reasons.map(r => r.message).join(' ');
          const stop = `Creating App ${input.name} on ${where} needs approval: ${why}`;
          if (!ctx.isDryRun) {
            throw new NotAllowedError(
              `${stop} A template run cannot wait for approval, so nothing was created; run it again once this no longer applies.`,
            );
          }
          ctx.logger.warn(`A real run would stop here. ${stop}`);
        }
        ctx.logger.info(
          `Checked: App ${input.name} (${input.replicas} × ${input.cpu} CPU, ${input.memory}, ${input.tier}) may be created on ${where}. Nothing was created.`,
        );
        for (const manifest of created.manifests ?? []) {
          ctx.logger.info(`Would apply: ${JSON.stringify(manifest)}`);
        }
      } else {
        journal.record(ctx.task.id, { kind: 'apps', apps });
        funnel.componentCreated(ctx, request.component);
        for (const app of apps) {
          ctx.logger.info(
            `Created App ${app.namespace}/${app.name} on ${app.cluster}`,
          );
        }
        journal.finish(ctx.task.id, ctx.step?.id);
      }
      ctx.output('dryRun', dryRun);
      ctx.output('namespace', apps[0]?.namespace ?? team.name);
      ctx.output('apps', apps);
    },
  });
}
