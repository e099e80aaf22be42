import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { enqueueEvents, SchoolUpserted } from '@smss/events';
import { generateDirectory, type DirectoryScale } from './directory-generator';

export interface SeedResult {
  loaded: boolean;
  schools: number;
  areaOffices: number;
}

const SEED_ACTOR = 'system:demo-seed';

/**
 * Load the deterministic demo directory (the Lopburi sandbox by default, or the national scale)
 * into an empty schools database, with one `schools.school.upserted` event per school in the
 * outbox so other services' replicas fill up. Does nothing when schools already exist.
 */
export async function seedDirectory(
  dataSource: DataSource,
  scale: DirectoryScale = 'lopburi',
): Promise<SeedResult> {
  const directory = generateDirectory(scale);
  return dataSource.transaction(async (m) => {
    const [{ count }] = await m.query('SELECT count(*)::int AS count FROM school');
    if (count > 0) return { loaded: false, schools: count, areaOffices: directory.areaOffices.length };
    const cols = <T, K extends keyof T>(rows: T[], key: K) => rows.map((r) => r[key]);
    const { regions, provinces, districts, areaOffices, schools } = directory;
    await m.query(
      `INSERT INTO region (code, name_th, name_en) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
       ON CONFLICT DO NOTHING`,
      [cols(regions, 'code'), cols(regions, 'nameTh'), cols(regions, 'nameEn')],
    );
    await m.query(
      `INSERT INTO province (code, name_th, name_en, region_code)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING`,
      [
        cols(provinces, 'code'),
        cols(provinces, 'nameTh'),
        cols(provinces, 'nameEn'),
        cols(provinces, 'regionCode'),
      ],
    );
    await m.query(
      `INSERT INTO district (code, province_code, name_th, name_en)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING`,
      [
        cols(districts, 'code'),
        cols(districts, 'provinceCode'),
        cols(districts, 'nameTh'),
        cols(districts, 'nameEn'),
      ],
    );
    await m.query(
      `INSERT INTO area_office (code, kind, name_th, name_en, province_code)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) ON CONFLICT DO NOTHING`,
      [
        cols(areaOffices, 'code'),
        cols(areaOffices, 'kind'),
        cols(areaOffices, 'nameTh'),
        cols(areaOffices, 'nameEn'),
        cols(areaOffices, 'provinceCode'),
      ],
    );
    const coverage = areaOffices.flatMap((a) => a.districtCodes.map((d) => [a.code, d] as const));
    await m.query(
      `INSERT INTO area_office_district (area_office_code, district_code)
       SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`,
      [coverage.map((c) => c[0]), coverage.map((c) => c[1])],
    );

    const ids = new Map(schools.map((s) => [s.obecCode, randomUUID()]));
    const chunk = 5000;
    for (let i = 0; i < schools.length; i += chunk) {
      const part = schools.slice(i, i + chunk);
      await m.query(
        `INSERT INTO school (id, obec_code, smis_code, name_th, name_en, area_office_code, province_code, district_code,
                             latitude, longitude, levels, school_type, special_programmes, status)
         SELECT u.id, u.obec, u.smis, u.name_th, u.name_en, u.area, u.province, u.district, u.lat, u.lng,
                string_to_array(u.levels, ','), u.type, coalesce(string_to_array(NULLIF(u.programmes, ''), ','), '{}'), u.status
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                       $9::float8[], $10::float8[], $11::text[], $12::text[], $13::text[], $14::text[])
             AS u(id, obec, smis, name_th, name_en, area, province, district, lat, lng, levels, type, programmes, status)`,
        [
          part.map((s) => ids.get(s.obecCode)),
          cols(part, 'obecCode'),
          cols(part, 'smisCode'),
          cols(part, 'nameTh'),
          cols(part, 'nameEn'),
          cols(part, 'areaOfficeCode'),
          cols(part, 'provinceCode'),
          cols(part, 'districtCode'),
          cols(part, 'latitude'),
          cols(part, 'longitude'),
          part.map((s) => s.levels.join(',')),
          cols(part, 'schoolType'),
          part.map((s) => s.specialProgrammes.join(',')),
          cols(part, 'status'),
        ],
      );
    }
    // Merge targets may sit in a later chunk: link them once every school exists.
    const merged = schools.filter((s) => s.mergedIntoObecCode);
    await m.query(
      `UPDATE school SET merged_into_id = u.target FROM unnest($1::uuid[], $2::uuid[]) AS u(id, target) WHERE school.id = u.id`,
      [merged.map((s) => ids.get(s.obecCode)), merged.map((s) => ids.get(s.mergedIntoObecCode!))],
    );
    await m.query(
      `INSERT INTO school_status_change (school_id, from_status, to_status, reason, effective_date, merged_into_id, changed_by)
       SELECT id, NULL, 'OPEN', 'demo data', DATE '2020-05-16', NULL, $1 FROM school`,
      [SEED_ACTOR],
    );
    await m.query(
      `INSERT INTO school_status_change (school_id, from_status, to_status, reason, effective_date, merged_into_id, changed_by)
       SELECT id, 'OPEN', status, CASE status WHEN 'MERGED' THEN 'small-school merger (demo)' ELSE 'closed (demo)' END,
              DATE '2024-05-16', merged_into_id, $1 FROM school WHERE status <> 'OPEN'`,
      [SEED_ACTOR],
    );
    await enqueueEvents(
      m,
      SchoolUpserted,
      schools.map((s) => {
        const id = ids.get(s.obecCode)!;
        return {
          aggregateId: id,
          payload: {
            id,
            obecCode: s.obecCode,
            smisCode: s.smisCode,
            nameTh: s.nameTh,
            nameEn: s.nameEn,
            areaOfficeCode: s.areaOfficeCode,
            provinceCode: s.provinceCode,
            districtCode: s.districtCode,
            status: s.status,
            schoolType: s.schoolType,
            levels: s.levels,
            version: 1,
          },
        };
      }),
    );
    return { loaded: true, schools: schools.length, areaOffices: areaOffices.length };
  });
}
