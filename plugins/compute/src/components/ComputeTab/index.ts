export { ComputeTab } from './ComputeTab';
