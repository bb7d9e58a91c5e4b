/**
 * Atrium's sign-in: OIDC to the directory's User, ownership through parent groups, the sign-in audit, and the
 * production guard. A module of Backstage's auth plugin.
 *
 * @packageDocumentation
 */
export { authModuleAtrium as default } from './module';
export {
  atriumOidcAuthenticator,
  authFlowOf,
  type AuthFlow,
} from './authenticator';
export {
  directoryUserResolverFactory,
  readDirectoryUserOptions,
  UnknownIdentityError,
  type DirectoryUserOptions,
} from './resolver';
export { unsafeProductionSignIn, assertSafeSignIn } from './guard';
