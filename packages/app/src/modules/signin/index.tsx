import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { oidcAuthApi, oidcAuthApiRef } from './oidcAuthApi';

/**
 * Atrium's sign-in page: one button, to the company's OpenID provider (the embedded demo IdP by default).
 * Atrium admits only people the company directory knows; a refusal says why.
 */
const atriumSignInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => {
      const { SignInPage } = await import('@backstage/core-components');
      return props => (
        <SignInPage
          {...props}
          title="Atrium"
          align="center"
          auto
          provider={{
            id: 'oidc',
            title: 'Company sign-in',
            message: 'Sign in with your company account',
            apiRef: oidcAuthApiRef,
          }}
        />
      );
    },
  },
});

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [oidcAuthApi, atriumSignInPage],
});
