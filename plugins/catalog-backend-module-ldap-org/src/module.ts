import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  LdapOrgEntityProvider,
  ldapOrgEntityProviderTransformsExtensionPoint,
  readProviderConfigs,
  type GroupTransformer,
  type UserTransformer,
} from '@backstage/plugin-catalog-backend-module-ldap';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { createLdapOrgTaskRunner } from './schedule';
import { createGroupTransformer, createUserTransformer } from './transformers';

type PerProvider<T> = T | Record<string, T>;

const forProvider = <T>(
  value: PerProvider<T> | undefined,
  id: string,
): T | undefined =>
  typeof value === 'function' ? value : (value as Record<string, T>)?.[id];

/**
 * The org from the company directory: Backstage's `LdapOrgEntityProvider` for every `catalog.providers.ldapOrg`
 * entry, with
 * - a default schedule: a provider without `schedule` in config is read hourly (Backstage's module refuses
 *   to start without one);
 * - transformers that normalise DNs (RFC 4514), so that members whose DN the server spells with other escapes
 *   keep their memberships, and that make a picture of a user's `jpegPhoto`.
 *
 * It takes the place of `@backstage/plugin-catalog-backend-module-ldap`'s module (do not add both), and serves
 * that module's extension point, `ldapOrgEntityProviderTransformsExtensionPoint`: a transformer set there
 * replaces Backstage's default mapping, and still gets normalised entries and the picture fallback.
 */
export const catalogModuleAtriumLdapOrg = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'atrium-ldap-org',
  register(env) {
    let userBase: PerProvider<UserTransformer> | undefined;
    let groupBase: PerProvider<GroupTransformer> | undefined;
    env.registerExtensionPoint(ldapOrgEntityProviderTransformsExtensionPoint, {
      setUserTransformer(transformer) {
        if (userBase) throw new Error('User transformer may only be set once');
        userBase = transformer;
      },
      setGroupTransformer(transformer) {
        if (groupBase)
          throw new Error('Group transformer may only be set once');
        groupBase = transformer;
      },
    });

    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ catalog, config, logger, scheduler }) {
        const providers = readProviderConfigs(config);
        if (!providers.length) return;

        const userTransformer: Record<string, UserTransformer> = {};
        const groupTransformer: Record<string, GroupTransformer> = {};
        for (const { id } of providers) {
          userTransformer[id] = createUserTransformer({
            base: forProvider(userBase, id),
            logger,
          });
          groupTransformer[id] = createGroupTransformer({
            base: forProvider(groupBase, id),
            logger,
          });
        }

        catalog.addEntityProvider(
          LdapOrgEntityProvider.fromConfig(config, {
            logger,
            schedule: createLdapOrgTaskRunner({
              scheduler,
              schedules: new Map(providers.map(p => [p.id, p.schedule])),
              logger,
            }),
            userTransformer,
            groupTransformer,
          }),
        );
      },
    });
  },
});
