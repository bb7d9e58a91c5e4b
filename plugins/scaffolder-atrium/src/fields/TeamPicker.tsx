import { useEffect } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  MenuItem,
  TextField,
  FormHelperText,
  FormControl,
} from '@material-ui/core';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';

interface TeamPickerOptions {
  /** Groups whose members may pick any team (Atrium's platform admins). */
  adminGroups?: string[];
}

/** What the picker reads of a group, whichever way it lists them: its ref, its type and the names it shows. */
const TEAM_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'spec.type',
  'spec.profile.displayName',
];

const isGroupRef = (ref: string) =>
  parseEntityRef(ref, { defaultKind: 'group' }).kind.toLocaleLowerCase(
    'en-US',
  ) === 'group';

/**
 * The owning team, among the teams the signed-in user belongs to (members of `ui:options.adminGroups` may pick
 * any team). Compute checks membership again when the App is created.
 */
export function TeamPicker(
  props: FieldExtensionComponentProps<string, TeamPickerOptions>,
) {
  const { formData, onChange, schema, uiSchema, rawErrors, required } = props;
  const identityApi = useApi(identityApiRef);
  const catalogApi = useApi(catalogApiRef);
  const adminGroups = uiSchema?.['ui:options']?.adminGroups ?? [];

  const {
    value: teams,
    loading,
    error,
  } = useAsync(async () => {
    const { ownershipEntityRefs } = await identityApi.getBackstageIdentity();
    const admin = ownershipEntityRefs.some(r => adminGroups.includes(r));
    const groups: Entity[] = admin
      ? (
          await catalogApi.getEntities({
            filter: { kind: 'group', 'spec.type': 'team' },
            fields: TEAM_FIELDS,
          })
        ).items
      : (
          await catalogApi.getEntitiesByRefs({
            entityRefs: ownershipEntityRefs.filter(isGroupRef),
            fields: TEAM_FIELDS,
          })
        ).items.filter(
          (e): e is Entity => !!e && (e.spec as any)?.type === 'team',
        );
    return groups
      .map(g => ({
        ref: stringifyEntityRef(g),
        title:
          (g.spec as { profile?: { displayName?: string } })?.profile
            ?.displayName ??
          g.metadata.title ??
          g.metadata.name,
      }))
      .sort((a, b) => a.title.localeCompare(b.title));
  }, [identityApi, catalogApi, adminGroups.join(',')]);

  // One team: it is the answer.
  useEffect(() => {
    if (!formData && teams?.length === 1) onChange(teams[0].ref);
  }, [formData, teams, onChange]);

  return (
    <FormControl
      margin="normal"
      required={required}
      error={!!rawErrors?.length || !!error}
    >
      <TextField
        select
        id="atrium-team-picker"
        label={schema.title ?? 'Owning team'}
        value={formData ?? ''}
        required={required}
        disabled={loading}
        onChange={e => onChange(e.target.value as string)}
        inputProps={{ 'data-testid': 'atrium-team-picker' }}
      >
        {(teams ?? []).map(t => (
          <MenuItem key={t.ref} value={t.ref}>
            {t.title}
          </MenuItem>
        ))}
      </TextField>
      <FormHelperText>
        {error
          ? `Could not read your teams: ${error.message}`
          : schema.description ?? 'One of your teams'}
      </FormHelperText>
    </FormControl>
  );
}

export const teamPickerField = createFormField({
  name: 'AtriumTeamPicker',
  component: TeamPicker,
});
