import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: { height: 30, width: 'auto', display: 'block' },
  word: {
    fill: '#ffffff',
    fontFamily: 'Helvetica Neue, Helvetica, Arial, sans-serif',
    fontWeight: 700,
    fontSize: 30,
    letterSpacing: 1,
  },
});

/** Atrium's mark: a courtyard house with an open door, the portal's front door. */
const Mark = () => (
  <g>
    <rect width="64" height="64" rx="14" fill="#1d3140" />
    <path d="M14 50V26L32 12l18 14v24h-9V32H23v18z" fill="#36c2b4" />
    <rect x="27" y="36" width="10" height="14" rx="2" fill="#f2b632" />
  </g>
);

/** The mark alone (a square), or with the word beside it. */
function Logo({ word }: { word?: boolean }) {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      viewBox={word ? '0 0 200 64' : '0 0 64 64'}
      role="img"
      aria-label="Atrium"
    >
      <Mark />
      {word && (
        <text x="76" y="43" className={classes.word}>
          Atrium
        </text>
      )}
    </svg>
  );
}

export const LogoIcon = () => <Logo />;

export const LogoFull = () => <Logo word />;
