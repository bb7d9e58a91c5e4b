import { render, screen, within } from '@testing-library/react';
import { KeyValueBlock } from './KeyValueBlock';

describe('KeyValueBlock', () => {
  it('shows each label with its value, in order, and leaves out the empty ones', () => {
    render(
      <KeyValueBlock
        aria-label="App facts"
        items={[
          { label: 'Version', value: '2.3.1', testId: 'version' },
          { label: 'Ready', value: '3/3' },
          { label: 'Strategy', value: undefined },
          { label: 'Note', value: '' },
        ]}
      />,
    );
    const list = screen.getByLabelText('App facts');
    const terms = within(list).getAllByRole('term');
    expect(terms.map(t => t.textContent)).toEqual(['Version', 'Ready']);
    const values = within(list).getAllByRole('definition');
    expect(values.map(v => v.textContent)).toEqual(['2.3.1', '3/3']);
    expect(screen.getByTestId('version')).toHaveTextContent('2.3.1');
    expect(screen.queryByText('Strategy')).not.toBeInTheDocument();
  });

  it('renders nothing when no item has a value', () => {
    const { container } = render(
      <KeyValueBlock items={[{ label: 'Strategy', value: undefined }]} />,
    );
    expect(container).toBeEmptyDOMElement();
  });
});
