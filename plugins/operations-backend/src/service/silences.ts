import type {
  BackstageCredentials,
  BackstageUserPrincipal,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  stringifyEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import {
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  operationsAlertSilencePermission,
  type Matcher,
  type SilenceResponse,
} from '@atrium/plugin-operations-common';
import type { AlertmanagerClient } from '../alertmanager/AlertmanagerClient';
import { matchesAll, sameMatcher } from '../alertmanager/matchers';
import type { SilenceRequest } from '../request/silenceRequest';
import type { OperationsEntities } from './entities';
import { HOW_TO } from './howTo';

/**
 * Silences in Alertmanager, by a component's owners and platform admins (the `operations.alert.silence`
 * permission), always within the component: one of its alerts exactly, or given matchers plus the component's.
 */
export class OperationsSilences {
  constructor(
    private readonly deps: {
      entities: OperationsEntities;
      permissions: PermissionsService;
      logger: LoggerService;
      alertmanager?: AlertmanagerClient;
    },
  ) {}

  async silence(
    ref: CompoundEntityRef,
    request: SilenceRequest,
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    now = new Date(),
  ): Promise<SilenceResponse> {
    const { entities, alertmanager } = this.deps;
    // A write never rests on a kept catalog answer.
    const entity = await entities.entity(ref, credentials, { fresh: true });
    const entityRef = stringifyEntityRef(entity);
    if (!alertmanager) {
      throw new ServiceUnavailableError(
        `Alertmanager is not configured. ${HOW_TO.alertmanager}`,
      );
    }
    const actor = credentials.principal.userEntityRef;
    const [decision] = await this.deps.permissions.authorize(
      [
        {
          permission: operationsAlertSilencePermission,
          resourceRef: entityRef,
        },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `${actor} may not silence the alerts of ${entityRef}: only the team that owns it and platform admins may`,
      );
    }
    const own = entities.matchersOf(entity);
    let matchers: Matcher[];
    if (request.fingerprint) {
      const alert = (await alertmanager.alerts(own)).find(
        a => a.fingerprint === request.fingerprint && matchesAll(own, a.labels),
      );
      if (!alert) {
        throw new NotFoundError(
          `${entityRef} has no firing alert ${request.fingerprint}`,
        );
      }
      matchers = Object.entries(alert.labels)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, value]) => ({
          name,
          value,
          isRegex: false,
          isEqual: true,
        }));
    } else {
      matchers = [...request.matchers!];
      for (const m of own) {
        if (!matchers.some(x => sameMatcher(x, m))) matchers.push(m);
      }
    }
    const silence = {
      matchers,
      startsAt: now.toISOString(),
      endsAt: new Date(
        now.getTime() + request.durationMinutes * 60_000,
      ).toISOString(),
      createdBy: actor,
      comment: request.comment,
    };
    const { silenceID } = await alertmanager.createSilence(silence);
    this.deps.logger.info(
      `${actor} silenced ${JSON.stringify(matchers)} of ${entityRef} for ${
        request.durationMinutes
      } min: ${silenceID}`,
    );
    return {
      entityRef,
      silence: { id: silenceID, ...silence, state: 'active' },
    };
  }
}
