import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { computeServiceRef } from '@atrium/plugin-compute-node';
import { adoptionEventsServiceRef } from '@atrium/plugin-adoption-node';
import { createCreateAppAction } from './actions/createApp';
import { createDeployAction } from './actions/deploy';
import { createGitPublishAction } from './actions/gitPublish';
import { createRollbackAction } from './actions/rollback';
import { SelfServiceCompute } from './compute';
import { GitServerClient } from './gitServer';
import { RunJournal } from './journal';
import { ScmRepositories } from './scmRepositories';
import { SelfServiceFunnel } from './funnel';

/**
 * Atrium's scaffolder actions, for the template "Service on Atrium compute" (demo/templates/atrium-service):
 * publish to the embedded git server, create and deploy the App on Atrium compute as the user who runs the
 * template, and undo a failed run.
 */
export const scaffolderModuleAtrium = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'atrium',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        catalog: catalogServiceRef,
        computeService: computeServiceRef,
        adoptionEvents: adoptionEventsServiceRef,
        logger: coreServices.logger,
      },
      async init({
        scaffolder,
        config,
        auth,
        discovery,
        catalog,
        computeService,
        adoptionEvents,
        logger,
      }) {
        const c = config.getOptionalConfig('atrium.selfService');
        const failActions = c?.getOptionalStringArray('failActions') ?? [];
        if (
          failActions.length &&
          config.getOptionalString('auth.environment') === 'production'
        ) {
          throw new Error(
            'atrium.selfService.failActions is for tests only; production refuses it',
          );
        }
        const journal = new RunJournal();
        // The new-service funnel, for adoption Insights (template runs, time to the first Ready App).
        const funnel = new SelfServiceFunnel(adoptionEvents, logger);
        const git = new GitServerClient(auth, discovery);
        const compute = new SelfServiceCompute(computeService, auth, discovery);
        scaffolder.addActions(
          createGitPublishAction({ git, journal, funnel }),
          createCreateAppAction({ compute, journal, failActions, funnel }),
          createDeployAction({
            compute,
            journal,
            funnel,
            defaultTimeoutSeconds:
              c?.getOptionalNumber('deployTimeoutSeconds') ?? 300,
          }),
          createRollbackAction({
            journal,
            git,
            compute,
            catalog,
            auth,
            funnel,
            scm: ScmRepositories.fromConfig(config),
          }),
        );
      },
    });
  },
});
