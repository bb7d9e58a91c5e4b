import type { Config } from '@backstage/config';
import { RegistryClient, type RegistryClientOptions } from './RegistryClient';

export {
  RegistryClient,
  MANIFEST_MEDIA_TYPES,
  type RegistryClientOptions,
} from './RegistryClient';
export {
  readRegistryConfig,
  DEFAULT_REGISTRY_TIMEOUT_MS,
  type RegistryAuth,
  type RegistryConfig,
} from './config';
export { RegistryCredentialsError } from './errors';
export {
  parseImageReference,
  assertValidTag,
  type ImageReference,
} from './imageReference';

/**
 * The artifact registry client for the compute plugin, from the root config's `compute.registries`.
 * Throws on an invalid `compute.registries`, so a bad config fails at startup.
 */
export function createRegistry(
  config: Config,
  options: Omit<RegistryClientOptions, 'registries'> = {},
): RegistryClient {
  return RegistryClient.fromConfig(config, options);
}
