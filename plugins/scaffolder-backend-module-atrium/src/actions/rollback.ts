import type { AuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { SelfServiceCompute } from '../compute';
import type { GitServerClient } from '../gitServer';
import type { Made, RunJournal } from '../journal';
import type { SelfServiceFunnel } from '../funnel';
import type { ScmRepositories } from '../scmRepositories';

const ORIGIN = 'backstage.io/managed-by-origin-location';

/**
 * `atrium:service:rollback`: the template's last step, run only when an earlier one failed
 * (`if: ${{ failure() }}`, which Backstage's workflow runner offers since 1.4x). It names the failing step and
 * removes what the run made, newest first: the Apps (compute, as the initiator), the catalog location of the
 * repository's catalog-info.yaml and its entities, and the repository (both as the scaffolder itself: users may
 * not delete locations, and the git server takes only the scaffolder's token). A template that publishes with
 * Backstage's `publish:github` / `publish:gitlab` passes their outputs as `published`, and that repository is
 * deleted through the integration (`ScmRepositories`).
 *
 * Why a step and a journal: of what the scaffolder 1.57 offers, the task broker extension point (deprecated)
 * would mean replacing the scaffolder's database broker; its auditor events and task log are written after the
 * fact and carry no outputs; `ctx.checkpoint` makes a step idempotent on retry but undoes nothing. A failure()
 * step keeps compensation in the template, visible as a step of the run, and each Atrium action writes what it
 * made in the run's journal before making the next thing, so a step that fails half-way is undone as well.
 */
export function createRollbackAction(options: {
  funnel: SelfServiceFunnel;
  journal: RunJournal;
  git: GitServerClient;
  compute: SelfServiceCompute;
  catalog: CatalogService;
  auth: AuthService;
  scm: Pick<ScmRepositories, 'delete'>;
}) {
  const { journal, git, compute, catalog, auth, funnel, scm } = options;
  return createTemplateAction({
    id: 'atrium:service:rollback',
    description:
      'Undoes what the earlier steps of a failed run made (use with if: ${{ failure() }})',
    supportsDryRun: true,
    schema: {
      input: {
        steps: z =>
          z
            .array(
              z.object({
                id: z.string(),
                name: z.string().optional(),
                /** Any of the step's outputs: empty when the step did not finish. */
                finished: z.union([z.string(), z.boolean()]).optional(),
              }),
            )
            .optional()
            .describe("The run's steps in order, to name the one that failed"),
        published: z =>
          z
            .object({
              remoteUrl: z.string().optional(),
              catalogInfoUrl: z.string().optional(),
            })
            .optional()
            .describe(
              "Where Backstage's publish:github / publish:gitlab and catalog:register steps put the repository and its catalog location (their outputs; empty when the step did not finish), for a template that publishes with them",
            ),
      },
      output: {
        failedStep: z => z.string(),
        undone: z => z.array(z.string()),
      },
    },
    async handler(ctx) {
      const run = journal.take(ctx.task.id);
      const steps = ctx.input.steps ?? [];
      const failed =
        run.open[0] ??
        steps.find(s => !s.finished && !run.finished.includes(s.id))?.id ??
        'unknown';
      const title = steps.find(s => s.id === failed)?.name;
      ctx.logger.error(
        `Step ${failed}${
          title ? ` (${title})` : ''
        } failed: undoing what this run made`,
      );
      await funnel.finished(ctx, 'failed', failed);
      if (ctx.isDryRun) {
        ctx.logger.info('Dry run: nothing was made, nothing to undo');
        ctx.output('failedStep', failed);
        ctx.output('undone', []);
        return;
      }

      const undone: string[] = [];
      const left: string[] = [];
      for (const made of [...run.made, ...publishedBy(ctx.input.published)]) {
        try {
          undone.push(...(await undo(made)));
        } catch (error) {
          left.push(`${describe(made)}: ${(error as Error).message}`);
        }
      }
      for (const u of undone) ctx.logger.info(`Undone: ${u}`);
      if (undone.length === 0) ctx.logger.info('Nothing had been made');
      ctx.output('failedStep', failed);
      ctx.output('undone', undone);
      if (left.length) {
        throw new Error(`Could not undo: ${left.join('; ')}`);
      }

      async function undo(made: Made): Promise<string[]> {
        switch (made.kind) {
          case 'apps': {
            const credentials = await ctx.getInitiatorCredentials();
            for (const app of made.apps) {
              await compute.deleteApp(app, { credentials });
            }
            return made.apps.map(
              a => `App ${a.namespace}/${a.name} deleted on ${a.cluster}`,
            );
          }
          case 'catalog-location': {
            const credentials = await auth.getOwnServiceCredentials();
            const ref = `url:${made.target}`;
            const out: string[] = [];
            const location = await catalog.getLocationByRef(ref, {
              credentials,
            });
            if (location) {
              await catalog.removeLocationById(location.id, { credentials });
              out.push(`catalog location ${made.target} unregistered`);
            }
            const { items } = await catalog.getEntities(
              { filter: { [`metadata.annotations.${ORIGIN}`]: ref } },
              { credentials },
            );
            for (const entity of items) {
              if (entity.metadata.uid) {
                await catalog.removeEntityByUid(entity.metadata.uid, {
                  credentials,
                });
                out.push(`entity ${stringifyEntityRef(entity)} removed`);
              }
            }
            return out;
          }
          case 'repository':
            return (await git.delete(made.name))
              ? [`repository ${made.name} deleted`]
              : [];
          case 'scm-repository':
            return [await scm.delete(made.remoteUrl)];
          default:
            return [];
        }
      }
    },
  });
}

function describe(made: Made) {
  switch (made.kind) {
    case 'apps':
      return `Apps ${made.apps.map(a => `${a.cluster}/${a.name}`).join(', ')}`;
    case 'catalog-location':
      return `catalog location ${made.target}`;
    case 'repository':
      return `repository ${made.name}`;
    case 'scm-repository':
      return `repository ${made.remoteUrl}`;
    default:
      return 'unknown';
  }
}

/**
 * What Backstage's own publish and register steps made, which do not write to the run's journal: given their
 * outputs, which exist only when the step finished in this run (publish:github and publish:gitlab fail on a
 * repository that exists already, so a remoteUrl here is one this run created). The catalog location first,
 * then the repository, as they were made in the other order.
 */
function publishedBy(published?: {
  remoteUrl?: string;
  catalogInfoUrl?: string;
}): Made[] {
  const made: Made[] = [];
  if (published?.catalogInfoUrl) {
    made.push({ kind: 'catalog-location', target: published.catalogInfoUrl });
  }
  if (published?.remoteUrl) {
    made.push({ kind: 'scm-repository', remoteUrl: published.remoteUrl });
  }
  return made;
}
