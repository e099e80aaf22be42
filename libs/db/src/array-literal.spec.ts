import { Client } from 'pg';
import { testServerUrl } from '@smss/testing';
import { arrayLiteral, columnLiterals } from './array-literal';

describe('array literals for bulk statements', () => {
  it('writes plain elements bare and quotes the rest, as PostgreSQL reads them', () => {
    expect(arrayLiteral(['a1b2', '2026-06-10', '-12.50', 3, true, null])).toBe(
      '{a1b2,2026-06-10,-12.50,3,true,NULL}',
    );
    expect(arrayLiteral(['', 'NULL', 'a b', 'x,y', '{1,2}', 'say "hi"', 'back\\slash'])).toBe(
      '{"","NULL","a b","x,y","{1,2}","say \\"hi\\"","back\\\\slash"}',
    );
    expect(() => arrayLiteral([Number.NaN])).toThrow(RangeError);
    expect(
      columnLiterals(
        [
          { a: 1, b: 'x' },
          { a: 2, b: 'y z' },
        ],
        { a: (r) => r.a, b: (r) => r.b },
      ),
    ).toEqual({
      a: '{1,2}',
      b: '{x,"y z"}',
    });
  });

  it('round-trips every kind of element through PostgreSQL unchanged', async () => {
    const client = new Client({ connectionString: testServerUrl() });
    await client.connect();
    try {
      const values = ['plain', '', 'NULL', 'a b', 'x,y', '{1,2}', 'say "hi"', 'back\\slash', 'ไทย', null];
      const { rows } = await client.query('SELECT $1::text[] AS v', [arrayLiteral(values)]);
      expect(rows[0].v).toEqual(values);
      const nested = await client.query('SELECT u::int[] AS v FROM unnest($1::text[]) AS u', [
        arrayLiteral(['{1,2,3}', '{}']),
      ]);
      expect(nested.rows.map((r) => r.v)).toEqual([[1, 2, 3], []]);
    } finally {
      await client.end();
    }
  });
});
