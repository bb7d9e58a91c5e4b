export interface Config {
  auth?: {
    /**
     * `production` makes Atrium refuse to start while the guest provider or the embedded IdP is enabled.
     */
    environment?: string;
    /** Atrium's sign-in audit (`atrium_sign_in_audit`: every sign-in and refused attempt). */
    signInAudit?: {
      /**
       * How long attempts are kept, in whole days, from 30 to 3650; older ones are removed by a daily task that
       * one replica runs. Default 365.
       */
      retentionDays?: number;
    };
  };
}
