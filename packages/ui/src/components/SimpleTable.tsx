import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import type { CSSProperties, ReactNode } from 'react';
import { EmptyLine } from './EmptyLine';

/** One column of a `SimpleTable`: its header and what a row shows in it. */
export interface Column<R> {
  title: string;
  render: (row: R) => ReactNode;
  /** A number: right-aligned, on one line. */
  numeric?: boolean;
}

/**
 * Numbers and their headers keep to one line ("Views", not "Vie" over "ws"); the text columns take the rest and
 * break long keys (paths, refs) anywhere rather than push the numbers out.
 */
const cellStyle = (c: { numeric?: boolean }): CSSProperties =>
  c.numeric ? { whiteSpace: 'nowrap' } : { overflowWrap: 'anywhere' };

/**
 * A small table of rows under their column headers (a `table` named `label`), or `empty` in one line when there
 * are no rows. For the few rows a card shows; a page's long list wants Backstage's `Table` (search, paging).
 */
export function SimpleTable<R>(props: {
  label: string;
  columns: Column<R>[];
  rows: R[];
  rowKey: (row: R) => string;
  empty: ReactNode;
}) {
  if (props.rows.length === 0) return <EmptyLine>{props.empty}</EmptyLine>;
  return (
    <Table size="small" aria-label={props.label}>
      <TableHead>
        <TableRow>
          {props.columns.map(c => (
            <TableCell
              key={c.title}
              align={c.numeric ? 'right' : 'left'}
              style={cellStyle(c)}
            >
              {c.title}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {props.rows.map(row => (
          <TableRow key={props.rowKey(row)}>
            {props.columns.map(c => (
              <TableCell
                key={c.title}
                align={c.numeric ? 'right' : 'left'}
                style={cellStyle(c)}
              >
                {c.render(row)}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
