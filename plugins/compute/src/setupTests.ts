import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The tab loads its data and its permission asynchronously; on a busy CI machine that can take more than
// testing-library's default second.
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(60_000);
