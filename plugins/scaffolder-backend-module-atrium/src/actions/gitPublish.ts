import { resolve } from 'node:path';
import {
  createTemplateAction,
  initRepoAndPush,
} from '@backstage/plugin-scaffolder-node';
import { InputError } from '@backstage/errors';
import type { GitServerClient } from '../gitServer';
import type { RunJournal } from '../journal';
import type { SelfServiceFunnel } from '../funnel';

/**
 * `atrium:git:publish`: creates a repository on Atrium's embedded git server and pushes the workspace to its
 * `main` branch (Backstage's `initRepoAndPush`, isomorphic-git), like `publish:github` does on GitHub. The
 * repository and the catalog location its catalog-info.yaml will get are written in the run's journal first, so
 * a failure of this or a later step removes them (`atrium:service:rollback`).
 */
export function createGitPublishAction(options: {
  funnel: SelfServiceFunnel;
  git: GitServerClient;
  journal: RunJournal;
}) {
  const { git, journal, funnel } = options;
  return createTemplateAction({
    id: 'atrium:git:publish',
    description:
      "Creates a repository on Atrium's embedded git server and pushes the workspace to it",
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
            .max(63)
            .describe('Repository name: lowercase words joined by dashes'),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe('The workspace folder to push (default: all of it)'),
        commitMessage: z => z.string().optional(),
      },
      output: {
        remoteUrl: z => z.string().describe('The clone URL'),
        cloneUrl: z => z.string().describe('The clone URL (git clone <it>)'),
        repoContentsUrl: z =>
          z.string().describe("Base URL of the main branch's raw files"),
        catalogInfoUrl: z =>
          z.string().describe('The raw URL of catalog-info.yaml'),
        commitHash: z => z.string().optional(),
      },
    },
    async handler(ctx) {
      const { name } = ctx.input;
      const dir = resolve(ctx.workspacePath, ctx.input.sourcePath ?? '.');
      if (!dir.startsWith(resolve(ctx.workspacePath))) {
        throw new InputError('sourcePath must be inside the workspace');
      }
      const outputs = (repo: { cloneUrl: string; repoContentsUrl: string }) => {
        ctx.output('remoteUrl', repo.cloneUrl);
        ctx.output('cloneUrl', repo.cloneUrl);
        ctx.output('repoContentsUrl', repo.repoContentsUrl);
        ctx.output(
          'catalogInfoUrl',
          `${repo.repoContentsUrl}/catalog-info.yaml`,
        );
      };

      if (ctx.isDryRun) {
        const repo = await git.describe(name);
        ctx.logger.info(
          `Dry run: would create repository ${name} (${repo.cloneUrl}) and push the workspace to main`,
        );
        outputs(repo);
        return;
      }

      journal.begin(ctx.task.id, ctx.step?.id);
      const repo = await git.create(name);
      journal.record(ctx.task.id, {
        kind: 'repository',
        name,
        cloneUrl: repo.cloneUrl,
      });
      // catalog:register follows; whether it registers or fails half-way, undoing the run looks the location up.
      journal.record(ctx.task.id, {
        kind: 'catalog-location',
        target: `${repo.repoContentsUrl}/catalog-info.yaml`,
      });
      ctx.logger.info(`Created repository ${name}: ${repo.cloneUrl}`);

      const author = ctx.user?.entity?.spec?.profile;
      const { commitHash } = await initRepoAndPush({
        dir,
        remoteUrl: repo.cloneUrl,
        auth: { username: 'x-access-token', password: await git.token() },
        logger: ctx.logger,
        defaultBranch: 'main',
        commitMessage:
          ctx.input.commitMessage ?? 'Initial commit, from the Atrium template',
        gitAuthorInfo: {
          name: author?.displayName ?? 'Atrium',
          email: author?.email ?? 'atrium@larkspur.example',
        },
      });
      ctx.logger.info(`Pushed ${commitHash} to ${name} (main)`);
      await funnel.repositoryCreated(ctx, name);
      outputs(repo);
      ctx.output('commitHash', commitHash);
      journal.finish(ctx.task.id, ctx.step?.id);
    },
  });
}
