/**
 * What Atrium's frontend plugins and the app share in how they show things.
 *
 * @packageDocumentation
 */
export { formatAgo } from './time';
export { describeError } from './errors';
export { StatusChip, toneOf, type StatusTone } from './components/StatusChip';
export { KeyValueBlock, type KeyValueItem } from './components/KeyValueBlock';
export { SectionHeader, type SectionAction } from './components/SectionHeader';
export { EmptyLine } from './components/EmptyLine';
export { NotSetUp } from './components/NotSetUp';
export { SimpleTable, type Column } from './components/SimpleTable';
export {
  TrendChart,
  type ChartColour,
  type TrendSeries,
} from './components/TrendChart';
export { ChangeSummary, FormDialog } from './components/FormDialog';
export { RangePicker, type RangeOption } from './components/RangePicker';
