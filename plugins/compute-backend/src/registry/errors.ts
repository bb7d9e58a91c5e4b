import { CustomErrorBase } from '@backstage/errors';

/**
 * The artifact registry (or its token service) refused Atrium's credentials, or needs credentials and none are
 * configured. A configuration problem on Atrium's side, not the caller's: it carries `statusCode` 502 (the
 * upstream refused us), which Backstage's error handler uses.
 */
export class RegistryCredentialsError extends CustomErrorBase {
  name = 'RegistryCredentialsError' as const;
  readonly statusCode = 502;
  /** The registry host (as in image references) whose credentials were refused. */
  readonly host: string;

  constructor(host: string, message: string, cause?: Error | unknown) {
    super(message, cause);
    this.host = host;
  }
}
