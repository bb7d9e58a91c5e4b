import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { entityOperatePermission } from '@atrium/plugin-identity-common';
import { fireEvent, screen, within } from '@testing-library/react';
import { computeApiRef } from '../../../api';
import {
  componentEntity,
  fakeComputeApi,
  fakeSignalApi,
} from '../../../testing/fixtures';
import { ComputeTab } from '../ComputeTab';

type Authorize = NonNullable<
  NonNullable<Parameters<typeof mockApis.permission>[0]>['authorize']
>;
const decision = (allow: boolean) =>
  (allow ? 'ALLOW' : 'DENY') as unknown as Extract<Authorize, string>;

let rendered = 0;

/** How many tabs this test file rendered: the last one's entity is `payments-gateway-<rendered>`. */
export const renderedCount = () => rendered;

/**
 * Shows once the permission framework has answered the question the tab asks (usePermission shares one answer
 * per question), so a test can assert what the answer hides without guessing how long it takes.
 */
function PermissionAnswered(props: { entity: Entity }) {
  const { loading } = usePermission({
    permission: entityOperatePermission,
    resourceRef: stringifyEntityRef(props.entity),
  });
  return loading ? null : <span data-testid="permission-answered" />;
}

/** The Compute tab of a component, its workloads from `api`, its operate permission `allow`ed or not. */
export function renderTab(
  api: ReturnType<typeof fakeComputeApi>,
  allow: boolean,
  signals?: ReturnType<typeof fakeSignalApi>,
) {
  // usePermission caches answers per resourceRef for the whole test file (SWR), so each render asks about an
  // entity of its own; the workloads come from the fake API whatever the name.
  const entity = {
    ...componentEntity,
    metadata: {
      ...componentEntity.metadata,
      name: `payments-gateway-${++rendered}`,
    },
  };
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <ComputeTab />
      <PermissionAnswered entity={entity} />
    </EntityProvider>,
    {
      apis: [
        [computeApiRef, api],
        mockApis.permission({ authorize: decision(allow) }),
        ...(signals ? [[signalApiRef, signals] as const] : []),
      ],
    },
  );
}

/** Opens an App's details (its row's toggle) and returns the App's part of the table. */
export async function openDetails(testId: string, name: string) {
  const app = await screen.findByTestId(testId);
  fireEvent.click(
    within(app).getByRole('button', { name: `Details of ${name}` }),
  );
  return app;
}
