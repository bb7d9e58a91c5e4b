import { useTheme } from '@material-ui/core/styles';
import type { ComponentProps } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type XAxisProps,
  type YAxisProps,
} from 'recharts';

/** The theme colours a chart's lines take, in the order series get them unless they say. */
export type ChartColour =
  | 'primary'
  | 'success'
  | 'warning'
  | 'error'
  | 'info'
  | 'secondary';

const ORDER: ChartColour[] = [
  'primary',
  'success',
  'warning',
  'error',
  'info',
  'secondary',
];

/** One line of a trend chart: the data key it draws, its name in the legend and tooltip, its colour. */
export interface TrendSeries {
  key: string;
  name: string;
  colour?: ChartColour;
}

/**
 * Lines over time (recharts): a dashed grid, the x axis on `x`, the y axis, a tooltip, a legend once there is
 * more than one line, one line per series in the theme's colours. A gap in the data stays a gap; nothing
 * animates (a chart reads the same at once, in a screenshot too). Without a width yet (jsdom, a hidden tab) it
 * draws at `initialWidth`.
 */
export function TrendChart(props: {
  data: ReadonlyArray<object>;
  /** The data key on the x axis. */
  x: string;
  series: TrendSeries[];
  height: number;
  /** The x axis beyond its key: a numeric domain, ticks, their format. */
  xAxis?: Omit<XAxisProps, 'dataKey' | 'ref'>;
  yAxis?: Omit<YAxisProps, 'ref'>;
  tooltip?: Pick<
    ComponentProps<typeof Tooltip>,
    'formatter' | 'labelFormatter'
  >;
  margin?: { top?: number; right?: number; bottom?: number; left?: number };
  /** A dot on each point: for a few points (quarters), not for a minute-by-minute series. */
  dots?: boolean;
  initialWidth?: number;
}) {
  const theme = useTheme();
  const { height, series } = props;
  return (
    <ResponsiveContainer
      width="100%"
      height={height}
      initialDimension={{ width: props.initialWidth ?? 400, height }}
    >
      <LineChart data={props.data as object[]} margin={props.margin}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey={props.x} {...props.xAxis} />
        <YAxis {...props.yAxis} />
        <Tooltip {...props.tooltip} />
        {series.length > 1 && <Legend />}
        {series.map((s, i) => (
          <Line
            key={s.key}
            dataKey={s.key}
            name={s.name}
            type="monotone"
            stroke={theme.palette[s.colour ?? ORDER[i % ORDER.length]].main}
            dot={props.dots ?? false}
            connectNulls={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
