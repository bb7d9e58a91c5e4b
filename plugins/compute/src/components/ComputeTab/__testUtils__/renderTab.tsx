import { signalApiRef } from '@backstage/plugin-signals-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { entityOperatePermission } from '@atrium/plugin-identity-common';
import { renderForEntity } from '@atrium/ui/testing';
import { fireEvent, screen, within } from '@testing-library/react';
import { computeApiRef } from '../../../api';
import { fakeComputeApi, fakeSignalApi } from '../../../testing/fixtures';
import { ComputeTab } from '../ComputeTab';

let lastRef = '';

/** The ref of the entity whose tab this test file rendered last (`component:default/payments-gateway-<n>`). */
export const renderedRef = () => lastRef;

/**
 * The Compute tab of a component, its workloads from `api`, its operate permission `allow`ed or not;
 * `permission-answered` shows once the tab's permission question is answered. Each render is of an entity of
 * its own (usePermission caches answers per resourceRef for the whole file); the workloads come from the fake
 * API whatever the name.
 */
export async function renderTab(
  api: ReturnType<typeof fakeComputeApi>,
  allow: boolean,
  signals?: ReturnType<typeof fakeSignalApi>,
): Promise<void> {
  const { entity } = await renderForEntity(<ComputeTab />, {
    allow,
    awaitPermission: entityOperatePermission,
    apis: [
      [computeApiRef, api],
      ...(signals ? [[signalApiRef, signals] as const] : []),
    ],
  });
  lastRef = stringifyEntityRef(entity);
}

/** Opens an App's details (its row's toggle) and returns the App's part of the table. */
export async function openDetails(testId: string, name: string) {
  const app = await screen.findByTestId(testId);
  fireEvent.click(
    within(app).getByRole('button', { name: `Details of ${name}` }),
  );
  return app;
}
