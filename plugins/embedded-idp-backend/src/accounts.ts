import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { InputError } from '@backstage/errors';

/** One person the embedded IdP can sign in. */
export interface IdpAccount {
  /** The subject and username: the catalog User's name. */
  username: string;
  email?: string;
  name?: string;
  picture?: string;
}

/**
 * Reads the `User` entities of catalog files as IdP accounts. Other kinds are skipped; a file that cannot be
 * read or parsed is an error naming the file.
 */
export function readAccounts(files: string[]): Map<string, IdpAccount> {
  const accounts = new Map<string, IdpAccount>();
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new InputError(
        `atrium.embeddedIdp.users: cannot read ${file}: ${error}`,
      );
    }
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length) {
        throw new InputError(
          `atrium.embeddedIdp.users: ${file} is not valid YAML: ${doc.errors[0].message}`,
        );
      }
      const entity = doc.toJS() as any;
      if (entity?.kind !== 'User' || typeof entity.metadata?.name !== 'string')
        continue;
      const profile = entity.spec?.profile ?? {};
      accounts.set(entity.metadata.name.toLocaleLowerCase('en-US'), {
        username: entity.metadata.name,
        email: profile.email,
        name: profile.displayName,
        picture: profile.picture,
      });
    }
  }
  return accounts;
}

/** Finds an account by username or e-mail, ignoring case. */
export function findAccount(
  accounts: Map<string, IdpAccount>,
  login: string,
): IdpAccount | undefined {
  const key = login.trim().toLocaleLowerCase('en-US');
  return (
    accounts.get(key) ??
    [...accounts.values()].find(
      a => a.email?.toLocaleLowerCase('en-US') === key,
    )
  );
}
