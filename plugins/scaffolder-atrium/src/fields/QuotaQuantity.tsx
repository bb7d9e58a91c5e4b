import useAsync from 'react-use/esm/useAsync';
import { FormHelperText, FormControl, TextField } from '@material-ui/core';
import { useApi, type ApiHolder } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { computeApiRef } from '@atrium/plugin-compute';
import type { ComputeApi } from '@atrium/plugin-compute-common';
import { checkQuota, type QuotaResource } from '../quota';

interface QuotaOptions {
  resource?: QuotaResource;
}

type Form = Record<string, any>;

/** The ask from the rest of the form: the owner, tier, clusters and replicas fields of the template. */
function askOf(form: Form, value: string, resource: QuotaResource) {
  if (!form?.owner || !value) return undefined;
  return {
    team: parseEntityRef(form.owner, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    }),
    ask: {
      tier: form.tier ?? 'on-demand',
      clusters: (form.clusters as string[] | undefined) ?? [],
      replicas: Number(form.replicas ?? 1),
      value,
      resource,
    },
  };
}

async function check(
  api: ComputeApi,
  form: Form,
  value: string,
  resource: QuotaResource,
) {
  const a = askOf(form, value, resource);
  if (!a) return undefined;
  return checkQuota(await api.getTeamQuota(a.team), a.ask);
}

/**
 * A CPU or memory quantity per replica (`ui:options.resource`), checked as it is typed against the owning team's
 * quota for the chosen tier on each chosen cluster (`GET /api/compute/teams/{ns}/{name}/quota`).
 */
export function QuotaQuantity(
  props: FieldExtensionComponentProps<string, QuotaOptions>,
) {
  const {
    formData,
    onChange,
    schema,
    uiSchema,
    rawErrors,
    required,
    formContext,
  } = props;
  const resource = uiSchema?.['ui:options']?.resource ?? 'cpu';
  const api = useApi(computeApiRef);
  const form: Form = formContext?.formData ?? {};
  const key = JSON.stringify([
    form.owner,
    form.tier,
    form.clusters,
    form.replicas,
    formData,
  ]);
  const { value: result, error } = useAsync(
    () => check(api, form, formData ?? '', resource),
    [key],
  );
  const problems = result?.problems ?? [];
  return (
    <FormControl
      margin="normal"
      error={!!rawErrors?.length || problems.length > 0}
    >
      <TextField
        id={`atrium-quota-${resource}`}
        label={schema.title}
        value={formData ?? ''}
        required={required}
        onChange={e => onChange(e.target.value)}
        error={problems.length > 0}
        inputProps={{ 'data-testid': `atrium-quota-${resource}` }}
      />
      <FormHelperText data-testid={`atrium-quota-${resource}-help`}>
        {error && `Quota not known: ${error.message}`}
        {!error && problems.length > 0 && problems.join('; ')}
        {!error && problems.length === 0 && result?.notes.length
          ? `Fits: ${result.notes.join('; ')}`
          : null}
        {!error && !result && schema.description}
      </FormHelperText>
    </FormControl>
  );
}

export const quotaQuantityField = createFormField({
  name: 'AtriumQuotaQuantity',
  component: QuotaQuantity,
  validation: async (value, validation, context) => {
    const resource =
      (context.uiSchema?.['ui:options'] as QuotaOptions | undefined)
        ?.resource ?? 'cpu';
    const api = (context.apiHolder as ApiHolder).get(computeApiRef);
    if (!api || typeof value !== 'string') return;
    try {
      const result = await check(
        api,
        context.formData as Form,
        value,
        resource,
      );
      for (const p of result?.problems ?? []) validation.addError(p);
    } catch {
      // quota unknown: compute checks again when the App is created
    }
  },
});
