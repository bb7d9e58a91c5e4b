export interface Config {
  atrium?: {
    /**
     * An OpenID provider inside Atrium's backend, for the embedded default and tests only: it holds the demo
     * org's users, who all share one password. Served at `/api/embedded-idp`. Atrium refuses to start with it
     * when `auth.environment` is `production`.
     */
    embeddedIdp?: {
      /** Off unless true. */
      enabled?: boolean;
      /**
       * Catalog files whose `User` entities become the IdP's accounts: the username is the entity name, with
       * the profile's e-mail, display name and picture as claims. Paths are relative to the backend's working
       * directory.
       */
      users?: string[];
      /**
       * The password every account signs in with.
       * @visibility secret
       */
      password?: string;
      /** The one client: Atrium's own `oidc` auth provider. */
      client?: {
        id: string;
        /** @visibility secret */
        secret: string;
      };
    };
  };
}
