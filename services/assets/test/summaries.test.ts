import { money, sum, toMoneyString } from '@smss/money';
import { seededRandom, testSeed, tokenFor } from '@smss/testing';
import { fiscalYearOf } from '@smss/thai';
import { bookValueAtYearEnd } from '../src/modules/asset/depreciation';
import { SummaryRepository } from '../src/modules/summary/summary.repository';
import { ASSET_CATEGORIES } from '../src/modules/reference/reference-data';
import { buildingInput, M, ok, startAssets, type AssetsHarness, type TestSchool } from './support';

/*
 * The area office and province summaries read per-school figures the writers keep current. Here they are
 * checked against the registers themselves (`fromRegister`: every building, infrastructure row and asset
 * with its depreciation), and the SQL form of the depreciation against the TypeScript schedule, on 400
 * assets with random costs, lives, acquisition and disposal dates (seeded, printed).
 */
let h: AssetsHarness;
let schools: TestSchool[];
let repo: SummaryRepository;
const SEED = testSeed('SUMMARY_SEED');

const day = (r: number, from: number, to: number) =>
  new Date(from + Math.floor(r * (to - from))).toISOString().slice(0, 10);

interface Generated {
  schoolId: string;
  cost: string;
  capitalised: boolean;
  usefulLifeYears: number;
  acquiredOn: string;
  disposedOn: string | null;
}
const generated: Generated[] = [];

beforeAll(async () => {
  h = await startAssets({ today: () => '2026-12-01' });
  repo = new SummaryRepository(h.service.dataSource);
  schools = [
    await h.addSchool('9651'),
    await h.addSchool('9651'),
    await h.addSchool('9652'),
    await h.addSchool('9751'),
  ];
  const random = seededRandom(SEED);
  const categories = ASSET_CATEGORIES.map((c) => c.code);
  for (let i = 0; i < 400; i += 1) {
    const school = schools[i % schools.length]!;
    const acquiredOn = day(random(), Date.UTC(2010, 0, 1), Date.UTC(2026, 10, 30));
    const cents =
      Math.floor(random() * 4) === 0
        ? 100_000 + Math.floor(random() * 900_000)
        : 1_000_000 + Math.floor(random() * 200_000_000);
    const cost = toMoneyString(money(String(cents)).dividedBy(100));
    const disposedOn =
      random() < 0.25
        ? day(random(), Date.parse(`${acquiredOn}T00:00:00Z`) + 86_400_000, Date.UTC(2026, 10, 30))
        : null;
    const g: Generated = {
      schoolId: school.id,
      cost,
      capitalised: money(cost).greaterThanOrEqualTo('10000'),
      usefulLifeYears: [3, 5, 8, 10, 12, 40][Math.floor(random() * 6)]!,
      acquiredOn,
      disposedOn,
    };
    generated.push(g);
    const fy = fiscalYearOf(acquiredOn);
    await h.sql(
      `INSERT INTO asset (school_id, code, category_code, description, acquisition_method, acquired_on, cost, capitalised,
                          useful_life_years, usage, status, disposed_on, created_by)
       VALUES ($1, $2, $3, 'ทดสอบ', 'PURCHASE', $4, $5, $6, $7, 'OTHER', $8, $9, 'test')`,
      [
        g.schoolId,
        `9999-999-${String(i + 1).padStart(4, '0')}/${fy}`.replace(
          '9999-999',
          categories[i % categories.length]!,
        ),
        categories[i % categories.length],
        g.acquiredOn,
        g.cost,
        g.capitalised,
        g.usefulLifeYears,
        g.disposedOn ? 'DISPOSED' : 'IN_USE',
        g.disposedOn,
      ],
    );
  }
  for (const [i, s] of schools.entries()) {
    const token = await tokenFor('school-staff', s.obecCode);
    for (let b = 0; b <= i; b += 1)
      ok(
        await h.q(
          M.building,
          {
            i: buildingInput(s.id, {
              name: `อาคาร ${b}`,
              condition: ['GOOD', 'NEEDS_REPAIR', 'DILAPIDATED', 'UNSAFE'][b % 4],
            }),
          },
          token,
        ),
      );
    if (i < 3)
      ok(
        await h.q(
          M.infrastructure,
          {
            i: {
              schoolId: s.id,
              internet:
                i === 0
                  ? { connected: false, connectionType: 'NONE' }
                  : { connected: true, connectionType: 'FIBRE' },
              electricity: 'GRID',
              waterSources: ['PIPED'],
            },
          },
          token,
        ),
      );
  }
  // The assets above were written behind the service's back: bring the per-school figures up to date.
  await h.service.dataSource.transaction((m) => repo.refreshAllSchools(m));
}, 120_000);
afterAll(() => h?.stop());

const SUMMARY = `query($r: [_Any!]!, $fy: Int) { _entities(representations: $r) {
  ... on AreaOffice { code assetSummary(fiscalYear: $fy) { ...S } }
  ... on Province { code assetSummary(fiscalYear: $fy) { ...S } } } }
  fragment S on AssetSummary { fiscalYear asOf schools buildings { good needsRepair dilapidated unsafe total } assets capitalisedAssets
    assetCost bookValue schoolsWithInternet schoolsWithoutInternet schoolsNotReporting }`;

describe('area office and province asset summaries', () => {
  it(`equal the figures computed from the registers, for every fiscal year asked (seed ${SEED})`, async () => {
    const partner = await tokenFor('partner', 'EEF');
    for (const fy of [2555, 2563, 2569, 2570, 2571]) {
      const res = ok(
        await h.q(
          SUMMARY,
          {
            fy,
            r: [
              { __typename: 'AreaOffice', code: '9651' },
              { __typename: 'AreaOffice', code: '9652' },
              { __typename: 'Province', code: '96' },
              { __typename: 'Province', code: '97' },
            ],
          },
          partner,
        ),
      )._entities;
      const areas = await repo.fromRegister('AREA_OFFICE', ['9651', '9652'], fy);
      const provinces = await repo.fromRegister('PROVINCE', ['96', '97'], fy);
      const expected = [...areas, ...provinces].map(({ key: _key, ...rest }) => ({
        ...rest,
        asOf: `${fy - 543}-09-30`,
      }));
      expect({ fy, summaries: res.map((e: { assetSummary: unknown }) => e.assetSummary) }).toEqual({
        fy,
        summaries: expected,
      });
    }
  });

  it('give the book value the TypeScript schedule gives, asset by asset, at each fiscal year end', async () => {
    for (const fy of [2556, 2566, 2570, 2575]) {
      await repo.ensureYears([fy]);
      const rows = await h.sql<{ school_id: string; book_value: string; assets: number }>(
        `SELECT school_id, book_value, assets FROM school_asset_value WHERE fiscal_year = $1`,
        [fy],
      );
      for (const s of schools) {
        const mine = generated.filter((g) => g.schoolId === s.id);
        const onRegister = mine.filter((g) => bookValueAtYearEnd({ ...g, capitalised: true }, fy) !== null);
        const expected = toMoneyString(sum(mine.map((g) => bookValueAtYearEnd(g, fy) ?? '0')));
        const row = rows.find((r) => r.school_id === s.id);
        expect({
          fy,
          school: s.obecCode,
          bookValue: row?.book_value ?? '0.00',
          assets: row?.assets ?? 0,
        }).toEqual({
          fy,
          school: s.obecCode,
          bookValue: expected,
          assets: onRegister.length,
        });
      }
    }
  });

  it('stay current when the register changes: a new asset adds its book value to every materialised year', async () => {
    const area = [{ __typename: 'AreaOffice', code: '9652' }];
    const before = ok(await h.q(SUMMARY, { fy: 2570, r: area }, await tokenFor('obec-analyst', 'OBEC')))
      ._entities[0].assetSummary;
    const token = await tokenFor('school-staff', schools[2]!.obecCode);
    ok(
      await h.q(
        M.asset,
        {
          i: {
            schoolId: schools[2]!.id,
            categoryCode: '7440-002',
            description: 'โน้ตบุ๊ก',
            acquisitionMethod: 'PURCHASE',
            acquiredOn: '2025-10-01',
            cost: '24500.00',
            usage: 'TEACHING',
          },
        },
        token,
      ),
    );
    const after = ok(await h.q(SUMMARY, { fy: 2570, r: area }, await tokenFor('obec-analyst', 'OBEC')))
      ._entities[0].assetSummary;
    // 24,500.00 less two years of 4,900.00 at 30 September 2027.
    expect(money(after.bookValue).minus(before.bookValue).toFixed(2)).toBe('14700.00');
    expect(after.assets - before.assets).toBe(1);
    expect((await repo.fromRegister('AREA_OFFICE', ['9652'], 2570))[0]!.bookValue).toBe(after.bookValue);
  });

  it('default to the current fiscal year and refuse a year outside 2540 – next year', async () => {
    const r = [{ __typename: 'AreaOffice', code: '9651' }];
    const token = await tokenFor('partner', 'EEF');
    expect(ok(await h.q(SUMMARY, { r }, token))._entities[0].assetSummary.fiscalYear).toBe(2570);
    const far = await h.q(SUMMARY, { r, fy: 2590 }, token);
    expect(far.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
