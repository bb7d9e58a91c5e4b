import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  atriumDarkThemeExtension,
  atriumLightThemeExtension,
} from './atriumThemes';

/** Atrium's light and dark themes; they replace Backstage's defaults (disabled in app-config.yaml). */
export const themeModule = createFrontendModule({
  pluginId: 'app',
  extensions: [atriumLightThemeExtension, atriumDarkThemeExtension],
});
