import {
  Kind,
  parse,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';
import { connectionNeedsRows, decodeCursor, encodeCursor, toConnection, toPage } from './connection';

/** What a resolver of `students` would get in `info` for this operation. */
function infoFor(query: string) {
  const doc = parse(query);
  const op = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const school = op.selectionSet.selections[0] as FieldNode;
  const fieldNodes = school.selectionSet!.selections.filter(
    (s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === 'students',
  );
  const fragments = Object.fromEntries(
    doc.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  return { fieldNodes, fragments };
}

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

  it('lets a resolver count without loading rows when only totalCount is asked, through fragments too', () => {
    expect(connectionNeedsRows(infoFor('{ school { students(first: 5) { totalCount __typename } } }'))).toBe(
      false,
    );
    expect(
      connectionNeedsRows(
        infoFor(
          '{ school { students { ...Count ... on StudentConnection { totalCount } } } } fragment Count on StudentConnection { totalCount }',
        ),
      ),
    ).toBe(false);
  });

  it('asks for the rows as soon as edges or pageInfo are selected, however they are spelled', () => {
    expect(connectionNeedsRows(infoFor('{ school { students { totalCount edges { cursor } } } }'))).toBe(
      true,
    );
    expect(connectionNeedsRows(infoFor('{ school { students { pageInfo { hasNextPage } } } }'))).toBe(true);
    expect(
      connectionNeedsRows(
        infoFor('{ school { students { ... on StudentConnection { edges { cursor } } } } }'),
      ),
    ).toBe(true);
    expect(
      connectionNeedsRows(
        infoFor(
          '{ school { students { totalCount ...Rows } } } fragment Rows on StudentConnection { edges { cursor } }',
        ),
      ),
    ).toBe(true);
    // The same field selected twice (merged by the executor): one of them wants rows.
    expect(
      connectionNeedsRows(infoFor('{ school { students { totalCount } students { edges { cursor } } } }')),
    ).toBe(true);
    // A skipped selection still counts as asked (the conservative side).
    expect(
      connectionNeedsRows(infoFor('{ school { students { totalCount edges @skip(if: true) { cursor } } } }')),
    ).toBe(true);
  });
});
