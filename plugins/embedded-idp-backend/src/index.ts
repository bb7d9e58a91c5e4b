/**
 * The embedded default's OpenID provider (npm `oidc-provider`), holding the demo org's users.
 *
 * @packageDocumentation
 */
export { embeddedIdpPlugin as default } from './plugin';
export { readAccounts, findAccount, type IdpAccount } from './accounts';
export { escapeHtml, loginPage } from './loginPage';
