import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import {
  mockApis,
  renderInTestApp,
  type TestAppOptions,
  type TestAppRenderResult,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import type { ReactNode } from 'react';
import { uniqueComponent } from './entities';

type PermissionQuestion = Parameters<typeof usePermission>[0];
type Authorize = NonNullable<
  NonNullable<Parameters<typeof mockApis.permission>[0]>['authorize']
>;

/**
 * A permission API that answers every question ALLOW, or every one DENY; `onAuthorize` hears each question's
 * permission name as it is asked.
 */
export function permissionApi(
  allow: boolean,
  onAuthorize?: (permission: string) => void,
) {
  const answer = (allow ? 'ALLOW' : 'DENY') as unknown as Extract<
    Authorize,
    string
  >;
  return mockApis.permission({
    authorize: onAuthorize
      ? (((request: { permission: { name: string } }) => {
          onAuthorize(request.permission.name);
          return answer;
        }) as unknown as Authorize)
      : answer,
  });
}

/**
 * Shows `permission-answered` once the permission framework has answered `permission` about `entity`
 * (usePermission shares one answer per question), so a test can assert what the answer hides without guessing
 * how long it takes.
 */
export function PermissionAnswered(props: {
  permission: PermissionQuestion['permission'];
  entity: Entity;
}) {
  const { loading } = usePermission({
    permission: props.permission,
    resourceRef: stringifyEntityRef(props.entity),
  } as PermissionQuestion);
  return loading ? null : <span data-testid="permission-answered" />;
}

export interface RenderForEntityOptions {
  /** The entity the content is of: a `uniqueComponent()` unless given. */
  entity?: Entity;
  /** The plugin's own APIs (its fake client, signals, identity). */
  apis?: TestAppOptions['apis'];
  /** Whether every permission question is answered ALLOW; DENY unless true. */
  allow?: boolean;
  /** The question the content asks about the entity: `permission-answered` shows once it is answered. */
  awaitPermission?: PermissionQuestion['permission'];
  /** Hears the permission name of each question asked of the permission API. */
  onAuthorize?: (permission: string) => void;
}

/**
 * Renders `content` in a test app as an entity page shows it: inside an EntityProvider of the entity, with
 * every permission question answered `allow`. Returns the render result and the entity.
 */
export async function renderForEntity(
  content: ReactNode,
  options: RenderForEntityOptions = {},
): Promise<TestAppRenderResult & { entity: Entity }> {
  const entity = options.entity ?? uniqueComponent();
  const { awaitPermission } = options;
  const result = await renderInTestApp(
    <EntityProvider entity={entity}>
      {content}
      {awaitPermission && (
        <PermissionAnswered permission={awaitPermission} entity={entity} />
      )}
    </EntityProvider>,
    {
      apis: [
        permissionApi(options.allow ?? false, options.onAuthorize),
        ...(options.apis ?? []),
      ],
    },
  );
  return Object.assign(result, { entity });
}
