import { screen, waitFor } from '@testing-library/react';
import { createPermission } from '@backstage/plugin-permission-common';
import { usePermission } from '@backstage/plugin-permission-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { describeError } from '../errors';
import {
  componentEntity,
  renderForEntity,
  responseError,
  uniqueComponent,
} from '.';

const operate = createPermission({
  name: 'test.entity.operate',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/** What a card of an entity's page would show: whose page it is, and whether it may operate it. */
function Card() {
  const { entity } = useEntity();
  const ref = stringifyEntityRef(entity);
  const { allowed, loading } = usePermission({
    permission: operate,
    resourceRef: ref,
  });
  return (
    <span data-testid="card">
      {ref} {loading ? 'asking' : String(allowed)}
    </span>
  );
}

describe('@atrium/ui/testing', () => {
  it('makes the ResponseError a client throws, which describeError words as the API said', async () => {
    const error = await responseError(409, 'resourceVersion 100 is stale', {
      name: 'ConflictError',
      statusText: 'Conflict',
    });
    expect(error.statusCode).toBe(409);
    expect(error.body.error).toMatchObject({
      name: 'ConflictError',
      message: 'resourceVersion 100 is stale',
    });
    expect(describeError(error)).toBe('resourceVersion 100 is stale');
    expect(describeError(await responseError(403, 'owners only'))).toBe(
      'Not allowed: owners only',
    );
  });

  it('names each unique component anew', () => {
    const [a, b] = [uniqueComponent(), uniqueComponent()];
    expect(a.metadata.name).not.toBe(b.metadata.name);
    expect(a.spec).toEqual(componentEntity.spec);
  });

  it.each([true, false])(
    'renders content of an entity with every permission answered %s',
    async allow => {
      const { entity } = await renderForEntity(<Card />, {
        allow,
        awaitPermission: operate,
      });
      await screen.findByTestId('permission-answered');
      await waitFor(() =>
        expect(screen.getByTestId('card')).toHaveTextContent(
          `${stringifyEntityRef(entity)} ${allow}`,
        ),
      );
    },
  );
});
