import { toCsv } from './csv';

describe('CSV answers', () => {
  it('have a header row, quote what needs quoting and leave missing values empty', () => {
    expect(
      toCsv(
        ['term', 'count', 'nps'],
        [
          { term: 'kafka, "prod"', count: 3, nps: -12.5 },
          { term: 'line\nbreak', count: 1, nps: null },
        ],
      ),
    ).toBe(
      'term,count,nps\r\n"kafka, ""prod""",3,-12.5\r\n"line\nbreak",1,\r\n',
    );
  });

  it('keeps a spreadsheet from running text as a formula', () => {
    expect(
      toCsv(['term'], [{ term: '=HYPERLINK("x")' }, { term: '@sum' }]),
    ).toBe(`term\r\n"'=HYPERLINK(""x"")"\r\n'@sum\r\n`);
  });

  it('is just the header without rows', () => {
    expect(toCsv(['a', 'b'], [])).toBe('a,b\r\n');
  });
});
