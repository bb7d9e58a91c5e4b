import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The pages load their data and the permission asynchronously; on a busy CI machine that can take more than
// testing-library's default second.
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(60_000);

// jsdom has no ResizeObserver, so recharts' ResponsiveContainer keeps the charts' `initialDimension` and draws.
