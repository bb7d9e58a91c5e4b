/**
 * Atrium's form fields for the scaffolder, for the template "Service on Atrium compute"
 * (demo/templates/atrium-service): `AtriumTeamPicker` (the owning team among the user's teams; platform admins
 * any) and `AtriumQuotaQuantity` (CPU or memory per replica, checked live against the team's quota).
 *
 * @packageDocumentation
 */
export {
  default,
  atriumTeamPickerField,
  atriumQuotaQuantityField,
} from './module';
