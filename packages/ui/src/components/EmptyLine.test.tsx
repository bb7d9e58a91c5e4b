import { render, screen } from '@testing-library/react';
import { EmptyLine } from './EmptyLine';

describe('EmptyLine', () => {
  it('says in one line that there is nothing to show', () => {
    render(<EmptyLine data-testid="none">No recent events.</EmptyLine>);
    expect(screen.getByText('No recent events.')).toBeInTheDocument();
    expect(screen.getByTestId('none').tagName).toBe('P');
  });
});
