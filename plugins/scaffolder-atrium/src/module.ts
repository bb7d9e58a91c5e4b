import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/** `scaffolder-form-field:scaffolder/atrium-team-picker` */
export const atriumTeamPickerField = FormFieldBlueprint.make({
  name: 'atrium-team-picker',
  params: {
    field: () => import('./fields/TeamPicker').then(m => m.teamPickerField),
  },
});

/** `scaffolder-form-field:scaffolder/atrium-quota-quantity` */
export const atriumQuotaQuantityField = FormFieldBlueprint.make({
  name: 'atrium-quota-quantity',
  params: {
    field: () =>
      import('./fields/QuotaQuantity').then(m => m.quotaQuantityField),
  },
});

/** Atrium's scaffolder form fields, a module of Backstage's scaffolder frontend plugin. */
export default createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [atriumTeamPickerField, atriumQuotaQuantityField],
});
