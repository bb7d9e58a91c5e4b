import { Box } from '@material-ui/core';
import { useTheme } from '@material-ui/core/styles';
import { Line, LineChart, ResponsiveContainer, Tooltip, XAxis } from 'recharts';

/** A small trend line without axes (Home's adoption widget): `points` in order, `x` the label key. */
export function Sparkline(props: {
  points: Array<Record<string, string | number | null>>;
  x: string;
  y: string;
  label: string;
  height?: number;
}) {
  const theme = useTheme();
  const height = props.height ?? 48;
  return (
    <Box
      aria-label={props.label}
      role="img"
      data-points={JSON.stringify(props.points)}
    >
      <ResponsiveContainer
        width="100%"
        height={height}
        initialDimension={{ width: 200, height }}
      >
        <LineChart data={props.points}>
          <XAxis dataKey={props.x} hide />
          <Tooltip />
          <Line
            dataKey={props.y}
            stroke={theme.palette.primary.main}
            dot={false}
            isAnimationActive={false}
            connectNulls={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </Box>
  );
}
