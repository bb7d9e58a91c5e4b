import { setTimeout as sleep } from 'node:timers/promises';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { InputError } from '@backstage/errors';
import type { AppView } from '@atrium/plugin-compute-common';
import { isConflict, isNotFound, type SelfServiceCompute } from '../compute';
import type { RunJournal } from '../journal';
import type { SelfServiceFunnel } from '../funnel';
import { appRefFields } from './appRef';

const POLL_MS = 1000;
/** Deploys asked again after a 409 (the App's status moved between the read and the deploy). */
const CONFLICT_RETRIES = 5;

/** Ready: the rollout of the current spec observed, and every replica ready. */
export function isReady(app: AppView) {
  const s = app.status ?? {};
  return (
    s.phase === 'Running' &&
    (s.observedGeneration ?? 0) >= app.generation &&
    (s.readyReplicas ?? 0) >= app.spec.replicas
  );
}

const progressOf = (app: AppView) =>
  `${app.status?.phase ?? 'Pending'}, ${app.status?.readyReplicas ?? 0}/${
    app.spec.replicas
  } ready`;

/**
 * `atrium:compute:deploy`: deploys an image tag that the registry has to the run's Apps (compute's deploy, as
 * the initiator), then follows each App until it is Ready, logging its progress; a rollout not Ready within the
 * timeout fails the step (and the run is undone).
 */
export function createDeployAction(options: {
  funnel: SelfServiceFunnel;
  compute: SelfServiceCompute;
  journal: RunJournal;
  defaultTimeoutSeconds: number;
}) {
  const { compute, journal, defaultTimeoutSeconds, funnel } = options;
  return createTemplateAction({
    id: 'atrium:compute:deploy',
    description: 'Deploys an image tag to Apps and waits until they are Ready',
    supportsDryRun: true,
    schema: {
      input: {
        apps: z => z.array(z.object(appRefFields(z))).min(1),
        version: z => z.string().min(1).describe('The image tag'),
        timeoutSeconds: z => z.number().int().min(1).max(3600).optional(),
      },
      output: {
        version: z => z.string(),
        apps: z => z.array(z.object({ ...appRefFields(z), phase: z.string() })),
      },
    },
    async handler(ctx) {
      const { apps, version } = ctx.input;
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would deploy ${version} to ${apps
            .map(a => `${a.cluster}/${a.namespace}/${a.name}`)
            .join(', ')} and wait until Ready`,
        );
        ctx.output('version', version);
        ctx.output(
          'apps',
          apps.map(a => ({ ...a, phase: 'DryRun' })),
        );
        return;
      }
      journal.begin(ctx.task.id, ctx.step?.id);
      const credentials = await ctx.getInitiatorCredentials();
      const on = { credentials };
      const timeoutMs =
        (ctx.input.timeoutSeconds ?? defaultTimeoutSeconds) * 1000;
      const deadline = Date.now() + timeoutMs;

      // Compute reads from its watch caches: an App created a moment ago may not be there yet (404).
      const appWhenCached = async (app: (typeof apps)[number]) => {
        for (;;) {
          try {
            return await compute.getApp(app, on);
          } catch (error) {
            if (!isNotFound(error) || Date.now() > deadline) throw error;
            await sleep(POLL_MS, undefined, { signal: ctx.signal });
          }
        }
      };

      for (const app of apps) {
        // A new App's status moves while the simulator or the cluster's controller starts it, and with it its
        // resourceVersion: a deploy against the version just read can meet a 409. Read it again and retry, at
        // most CONFLICT_RETRIES times, as kubectl does for such conflicts.
        let current = await appWhenCached(app);
        // The registry's tags do not change with the App's status: read once, before any retry.
        const { image, tags } = await compute.getImageTags(app, on);
        if (!tags.includes(version)) {
          throw new InputError(
            `The registry has no tag ${version} of ${image} (it has ${
              tags.slice(-5).join(', ') || 'none'
            })`,
          );
        }
        for (let attempt = 0; ; attempt++) {
          if (attempt > 0) current = await appWhenCached(app);
          if (current.spec.version === version) {
            ctx.logger.info(
              `${app.cluster}/${app.name} already runs ${version}`,
            );
            break;
          }
          try {
            await compute.deploy(
              app,
              { resourceVersion: current.resourceVersion, version },
              on,
            );
          } catch (error) {
            if (!isConflict(error) || attempt >= CONFLICT_RETRIES) throw error;
            ctx.logger.info(
              `${app.cluster}/${app.name} changed since it was read; reading it again`,
            );
            continue;
          }
          ctx.logger.info(
            `Deploying ${image}:${version} to ${app.cluster}/${app.name}`,
          );
          break;
        }
      }

      const last = new Map<string, string>();
      const done = new Map<string, string>();
      while (done.size < apps.length) {
        for (const app of apps) {
          const key = `${app.cluster}/${app.namespace}/${app.name}`;
          if (done.has(key)) continue;
          const view = await compute.getApp(app, on);
          const progress = progressOf(view);
          if (last.get(key) !== progress) {
            ctx.logger.info(`${key}: ${progress}`);
            last.set(key, progress);
          }
          if (isReady(view)) done.set(key, view.status.phase ?? 'Running');
        }
        if (done.size === apps.length) break;
        if (Date.now() > deadline) {
          throw new Error(
            `Not Ready after ${timeoutMs / 1000} s: ${apps
              .map(
                a =>
                  `${a.cluster}/${a.name} (${last.get(
                    `${a.cluster}/${a.namespace}/${a.name}`,
                  )})`,
              )
              .join(', ')}`,
          );
        }
        await sleep(POLL_MS, undefined, { signal: ctx.signal });
      }
      ctx.logger.info(`${version} is Ready on ${apps.length} App(s)`);
      await funnel.appReady(ctx);
      ctx.output('version', version);
      ctx.output(
        'apps',
        apps.map(a => ({
          ...a,
          phase: done.get(`${a.cluster}/${a.namespace}/${a.name}`) ?? 'Running',
        })),
      );
      journal.finish(ctx.task.id, ctx.step?.id);
    },
  });
}
