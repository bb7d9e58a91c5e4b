import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, isError } from '@backstage/errors';
import { z } from 'zod/v3';
import {
  createSignInResolverFactory,
  type OAuthAuthenticatorResult,
  type SignInResolver,
} from '@backstage/plugin-auth-node';
import { authFlowOf } from './authenticator';
import type { SignInAttempt } from './audit';

/** How the resolver finds the directory's User for an IdP identity. */
export interface DirectoryUserOptions {
  /**
   * `email` (default): the User whose `spec.profile.email` equals the IdP's verified `email` claim.
   * `username`: the User whose name equals the IdP's username claim.
   */
  claim: 'email' | 'username';
  /** The IdP claim holding the username, for `claim: username`. Default `preferred_username`. */
  usernameClaim: string;
}

/** The resolver's options in config; Backstage validates them when the provider starts. */
export const directoryUserOptionsSchema = z
  .object({
    claim: z.enum(['email', 'username']).default('email'),
    usernameClaim: z.string().min(1).default('preferred_username'),
  })
  .strict()
  .optional();

/** The options with their defaults filled in. */
export function readDirectoryUserOptions(raw: unknown): DirectoryUserOptions {
  return (
    directoryUserOptionsSchema.parse(raw) ?? {
      claim: 'email',
      usernameClaim: 'preferred_username',
    }
  );
}

type UserInfoResult = OAuthAuthenticatorResult<{
  userinfo?: Record<string, unknown>;
}>;

/**
 * Thrown, and shown on the sign-in page, when the IdP's identity has no User in the catalog. Not a
 * NotFoundError: Backstage would try the next resolver and then replace the message with a generic one.
 */
export class UnknownIdentityError extends NotAllowedError {}

/**
 * A sign-in resolver that admits only people the company directory knows: it maps the IdP's identity to the
 * User that the org sync created, by e-mail or by username, and refuses everyone else with a message that
 * says what to do. Every interactive attempt, and every refused refresh, goes to `record`.
 */
export function directoryUserResolverFactory(
  providerId: string,
  record: (attempt: SignInAttempt) => Promise<void>,
) {
  return createSignInResolverFactory({
    optionsSchema: directoryUserOptionsSchema,
    create(raw): SignInResolver<UserInfoResult> {
      const options = readDirectoryUserOptions(raw);
      return async (info, ctx) => {
        const flow = authFlowOf(info.result);
        const userinfo = info.result.fullProfile?.userinfo ?? {};
        const value =
          options.claim === 'email'
            ? info.profile.email
            : userinfo[options.usernameClaim];
        const subject =
          typeof value === 'string' && value
            ? value
            : String(userinfo.sub ?? 'unknown');
        const refuse = async (reason: string): Promise<never> => {
          await record({
            providerId,
            flow,
            subject,
            result: 'refused',
            reason,
          });
          throw new UnknownIdentityError(reason);
        };

        if (typeof value !== 'string' || !value) {
          return refuse(
            options.claim === 'email'
              ? 'Your identity provider did not send a verified e-mail address, which Atrium needs to find you in the company directory.'
              : `Your identity provider did not send the "${options.usernameClaim}" claim, which Atrium needs to find you in the company directory.`,
          );
        }
        let entity;
        try {
          ({ entity } = await ctx.findCatalogUser(
            options.claim === 'email'
              ? { filter: { 'spec.profile.email': value } }
              : { entityRef: { kind: 'User', name: value } },
          ));
        } catch (error) {
          if (isError(error) && error.name === 'NotFoundError') {
            return refuse(
              `Atrium does not know ${value}: no user in the company directory has this ${
                options.claim === 'email' ? 'e-mail address' : 'username'
              }. If you joined recently, the directory sync may not have run yet; otherwise ask your platform team.`,
            );
          }
          await record({
            providerId,
            flow,
            subject,
            result: 'error',
            reason: isError(error) ? error.message : String(error),
          });
          throw error;
        }
        const userEntityRef = stringifyEntityRef(entity);
        const { ownershipEntityRefs } = await ctx.resolveOwnershipEntityRefs(
          entity,
        );
        const result = await ctx.issueToken({
          claims: { sub: userEntityRef, ent: ownershipEntityRefs },
        });
        if (flow === 'sign-in') {
          await record({
            providerId,
            flow,
            subject,
            userEntityRef,
            result: 'success',
          });
        }
        return result;
      };
    },
  });
}
