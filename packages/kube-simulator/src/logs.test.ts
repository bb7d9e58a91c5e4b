import { LogBook } from './logs';

describe('LogBook', () => {
  const now = new Date('2026-12-07T06:00:00Z');

  it('keeps a container log bounded and always shows its newest lines, in order', () => {
    const book = new LogBook(4);
    book.start('pod-a', 'app', 'registry/app:1', false, now);
    let shown = book.read('pod-a', 'app', false)!;
    expect(shown).toHaveLength(3);
    // Each serve adds 1-3 lines: far past the bound and past the batch the book trims at.
    for (let i = 1; i <= 50; i++) {
      const at = new Date(now.getTime() + i * 1000);
      book.serve('pod-a', 'app', false, at);
      const next = book.read('pod-a', 'app', false)!;
      expect(next).toHaveLength(4);
      // What this serve added is at the end; before it, the newest lines shown before, in their order.
      const added = next.filter(l => l.time === at.toISOString()).length;
      expect(added).toBeGreaterThanOrEqual(1);
      expect(added).toBeLessThanOrEqual(3);
      expect(next.slice(0, 4 - added)).toEqual(
        shown.slice(shown.length - (4 - added)),
      );
      expect(
        next.slice(4 - added).every(l => l.time === at.toISOString()),
      ).toBe(true);
      shown = next;
    }
  });

  it("shows at most the bound of a crashed container's previous run", () => {
    const book = new LogBook(4);
    book.start('pod-b', 'app', 'registry/app:1', false, now);
    for (let i = 0; i < 20; i++) book.serve('pod-b', 'app', false, now);
    const before = book.read('pod-b', 'app', false)!;
    book.crash('pod-b', 'app', 'registry/app:1', now);
    expect(book.read('pod-b', 'app', true)).toEqual(before);
    expect(
      book
        .read('pod-b', 'app', false)!
        .map(l => l.text)
        .join('\n'),
    ).toMatch(/ERROR exiting with code 1$/);
  });
});
