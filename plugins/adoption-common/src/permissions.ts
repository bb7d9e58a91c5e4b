import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reading adoption insights (active users, teams, top pages, searches, templates, actions, NPS figures). Atrium's
 * policy grants it to platform admins and to the members of the groups listed in `adoption.readers`.
 */
export const adoptionReadPermission = createPermission({
  name: 'atrium.adoption.read',
  attributes: { action: 'read' },
});

/** Reading the NPS comments people wrote: platform admins only (the comments are free text, possibly personal). */
export const adoptionCommentsReadPermission = createPermission({
  name: 'atrium.adoption.comments.read',
  attributes: { action: 'read' },
});

/** Every permission of Atrium's adoption plugin. */
export const adoptionPermissions = [
  adoptionReadPermission,
  adoptionCommentsReadPermission,
];
