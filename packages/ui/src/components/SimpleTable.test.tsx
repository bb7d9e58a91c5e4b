import { render, screen, within } from '@testing-library/react';
import { type Column, SimpleTable } from './SimpleTable';

type Search = { term: string; count: number };
const columns: Column<Search>[] = [
  { title: 'Term', render: r => r.term },
  { title: 'Searches', render: r => r.count, numeric: true },
];

describe('SimpleTable', () => {
  it('shows each row under its column headers, numbers on the right', () => {
    render(
      <SimpleTable
        label="Most searched"
        columns={columns}
        rows={[
          { term: 'payments', count: 12 },
          { term: 'ledger', count: 3 },
        ]}
        rowKey={r => r.term}
        empty="Nothing in this range."
      />,
    );
    const table = screen.getByRole('table', { name: 'Most searched' });
    const rows = within(table).getAllByRole('row');
    expect(rows.map(r => r.textContent)).toEqual([
      'TermSearches',
      'payments12',
      'ledger3',
    ]);
    expect(
      within(table).getByRole('columnheader', { name: 'Searches' }),
    ).toHaveStyle({ textAlign: 'right' });
    expect(within(table).getByRole('cell', { name: '12' })).toHaveStyle({
      textAlign: 'right',
    });
  });

  it('says in one line that it is empty, without a table', () => {
    render(
      <SimpleTable
        label="Most searched"
        columns={columns}
        rows={[] as Search[]}
        rowKey={r => r.term}
        empty="Nothing in this range."
      />,
    );
    expect(screen.getByText('Nothing in this range.').tagName).toBe('P');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
