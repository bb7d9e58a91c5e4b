import {
  createUnifiedTheme,
  genPageTheme,
  palettes,
  shapes,
  UnifiedThemeProvider,
} from '@backstage/theme';
import { ThemeBlueprint } from '@backstage/plugin-app-react';
import LightIcon from '@material-ui/icons/WbSunny';
import DarkIcon from '@material-ui/icons/Brightness2';

/** Atrium's brand colours: slate navigation, teal primary, amber accent. */
export const atriumBrand = {
  slate: '#14212b',
  slateLight: '#1d3140',
  teal: '#168a7e',
  tealBright: '#36c2b4',
  amber: '#f2b632',
};

const headers = {
  home: [atriumBrand.slateLight, atriumBrand.teal],
  service: [atriumBrand.slateLight, '#2a6f97'],
  other: [atriumBrand.slate, atriumBrand.slateLight],
};

const pageTheme = {
  home: genPageTheme({ colors: headers.home, shape: shapes.wave }),
  documentation: genPageTheme({ colors: headers.other, shape: shapes.wave2 }),
  tool: genPageTheme({ colors: headers.home, shape: shapes.round }),
  service: genPageTheme({ colors: headers.service, shape: shapes.wave }),
  website: genPageTheme({ colors: headers.service, shape: shapes.wave }),
  library: genPageTheme({ colors: headers.service, shape: shapes.wave }),
  other: genPageTheme({ colors: headers.other, shape: shapes.wave }),
  app: genPageTheme({ colors: headers.home, shape: shapes.wave }),
  apis: genPageTheme({ colors: headers.other, shape: shapes.wave2 }),
};

const navigation = {
  background: atriumBrand.slate,
  indicator: atriumBrand.amber,
  color: '#b5c4cf',
  selectedColor: '#ffffff',
  navItem: { hoverBackground: atriumBrand.slateLight },
  submenu: { background: atriumBrand.slateLight },
};

/**
 * One of Atrium's two themes: Backstage's palette of that variant with Atrium's navigation, its teal (brighter
 * on dark) and amber, as an app theme extension.
 */
function atriumTheme(
  variant: 'light' | 'dark',
  primary: string,
  icon: JSX.Element,
) {
  const theme = createUnifiedTheme({
    palette: {
      ...palettes[variant],
      primary: { main: primary },
      secondary: { main: atriumBrand.amber },
      navigation,
    },
    defaultPageTheme: 'home',
    pageTheme,
  });
  return ThemeBlueprint.make({
    name: `atrium-${variant}`,
    params: {
      theme: {
        id: `atrium-${variant}`,
        title: `Atrium ${variant}`,
        variant,
        icon,
        Provider: ({ children }) => (
          <UnifiedThemeProvider theme={theme} children={children} />
        ),
      },
    },
  });
}

export const atriumLightThemeExtension = atriumTheme(
  'light',
  atriumBrand.teal,
  <LightIcon />,
);

export const atriumDarkThemeExtension = atriumTheme(
  'dark',
  atriumBrand.tealBright,
  <DarkIcon />,
);
