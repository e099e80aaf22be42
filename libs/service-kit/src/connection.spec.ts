import { decodeCursor, encodeCursor, toConnection, toPage } from './connection';

describe('relay connections', () => {
  it('turns first/after into limit/offset and back into cursors', () => {
    const page = toPage({ first: 2, after: encodeCursor(9) });
    expect(page).toEqual({ limit: 2, offset: 10 });
    const c = toConnection(['a', 'b'], page, 13);
    expect(c.edges.map((e) => decodeCursor(e.cursor))).toEqual([10, 11]);
    expect(c.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    expect(
      toConnection(['c'], toPage({ first: 2, after: c.pageInfo.endCursor }), 13).pageInfo.hasNextPage,
    ).toBe(false);
  });

  it('refuses a page over the cap, a negative size and a forged cursor', () => {
    expect(() => toPage({ first: 101 })).toThrow(/first/);
    expect(() => toPage({ first: -1 })).toThrow(/first/);
    expect(() => toPage({ after: 'bm9wZQ' })).toThrow(/cursor/);
  });
});
