import { useUserProfile } from '@backstage/plugin-user-settings';
import { Avatar } from '@backstage/ui';

/**
 * The signed-in user's picture in the sidebar (its Settings group's icon). Backstage UI's Avatar, as the org
 * plugin's cards use: it shows the picture once it has loaded and the user's initials until then, or when it
 * is missing, blocked (the CSP's img-src, backend.csp) or fails. The user-settings plugin's own
 * UserSettingsSignInAvatar shows the first letter of "Profile picture" instead.
 */
export const SignInAvatar = () => {
  const { profile, displayName } = useUserProfile();
  return (
    <Avatar
      size="small"
      purpose="decoration"
      name={displayName}
      src={profile.picture ?? ''}
    />
  );
};
