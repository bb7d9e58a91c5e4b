import { InputError } from '@backstage/errors';
import type {
  PlaceholderResolver,
  PlaceholderResolverParams,
} from '@backstage/plugin-catalog-node';
import yaml from 'yaml';
import { readPlaceholder } from './readPlaceholder';

/** `$text`: the content as a string. */
export const textPlaceholderResolver: PlaceholderResolver = async (
  params: PlaceholderResolverParams,
) => readPlaceholder(params);

/** `$json`: the content parsed as JSON. */
export const jsonPlaceholderResolver: PlaceholderResolver = async params => {
  const content = await readPlaceholder(params);
  try {
    return JSON.parse(content);
  } catch (error) {
    throw new InputError(
      `Placeholder $${params.key} failed to parse JSON data at ${params.value}: ${error}`,
    );
  }
};

/** `$yaml`: the content parsed as YAML, exactly one document, without merge keys (as stock). */
export const yamlPlaceholderResolver: PlaceholderResolver = async params => {
  const content = await readPlaceholder(params);
  const documents = yaml
    .parseAllDocuments(content, { merge: false })
    .filter(d => d);
  if (documents.length !== 1) {
    throw new InputError(
      `Placeholder $${params.key} expected exactly one YAML document at ${params.value}, found ${documents.length}`,
    );
  }
  const [document] = documents;
  if (document.errors?.length) {
    throw new InputError(
      `Placeholder $${params.key} found an error in the YAML at ${params.value}: ${document.errors[0]}`,
    );
  }
  return document.toJSON();
};
