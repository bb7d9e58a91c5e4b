export interface Config {
  auth?: {
    /**
     * `production` makes Atrium refuse to start while the guest provider or the embedded IdP is enabled.
     */
    environment?: string;
  };
}
