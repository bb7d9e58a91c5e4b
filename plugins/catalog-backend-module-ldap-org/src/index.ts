/**
 * The org from the company directory (LDAP): Backstage's LDAP org provider, read hourly unless configured
 * otherwise, with DN normalisation and pictures from `jpegPhoto`.
 *
 * @packageDocumentation
 */
export { catalogModuleAtriumLdapOrg as default } from './module';
export {
  escapeDnValue,
  formatDn,
  normalizeDn,
  parseDn,
  type DnAttribute,
  type Rdn,
} from './dn';
export {
  createLdapOrgTaskRunner,
  DEFAULT_LDAP_ORG_SCHEDULE,
  ldapOrgTaskId,
} from './schedule';
export {
  createGroupTransformer,
  createUserTransformer,
  DEFAULT_MAX_PICTURE_BYTES,
  normalizeEntryDns,
  photoDataUrl,
  type AtriumTransformerOptions,
} from './transformers';
