import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@smss/db';
import { createTestDatabase, testReplicaSchool, type TestDatabase } from '@smss/testing';
import {
  applySchoolToReplica,
  CreateDirectorySchoolReplica1732406400001,
  directoryReplica,
  replicaVisibilitySql,
} from '../src';

describe('the shared directory replica reader', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const a = testReplicaSchool('1601', { nameTh: 'โรงเรียนบ้านหนองแก' });
  const b = testReplicaSchool('1602', { status: 'CLOSED' });

  beforeAll(async () => {
    db = await createTestDatabase('replica_reader');
    ds = createDataSource({ url: db.url, migrations: [CreateDirectorySchoolReplica1732406400001] });
    await ds.initialize();
    await ds.runMigrations();
    const at = new Date().toISOString();
    await ds.transaction(async (m) => {
      await applySchoolToReplica(m, a, at);
      await applySchoolToReplica(m, b, at);
    });
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('finds where schools sit by directory id, dropping malformed ids', async () => {
    const rows = await directoryReplica.byIds(ds.manager, [a.id, 'not-a-uuid', randomUUID()]);
    expect(rows).toEqual([
      {
        schoolId: a.id,
        schoolCode: a.obecCode,
        areaOfficeCode: '1601',
        provinceCode: '16',
        nameTh: 'โรงเรียนบ้านหนองแก',
        status: 'OPEN',
      },
    ]);
    expect(await directoryReplica.byIds(ds.manager, ['x'])).toEqual([]);
  });

  it('finds schools by OBEC code, dropping codes that are not ten digits', async () => {
    const rows = await directoryReplica.byObecCodes(ds.manager, [b.obecCode, "1'; DROP TABLE x; --"]);
    expect(rows.map((r) => [r.schoolId, r.status])).toEqual([[b.id, 'CLOSED']]);
  });

  it('knows an area office when it holds at least one of its schools', async () => {
    expect(await directoryReplica.areaOfficeCodes(ds.manager, ['1601', '1699'])).toEqual(['1601']);
    expect(await directoryReplica.areaOfficeCodes(ds.manager)).toEqual(['1601', '1602']);
  });

  it("keeps a list to the viewer's visibility: all, an area office's schools, one school, none", async () => {
    const visible = async (scope: Parameters<typeof replicaVisibilitySql>[0]) => {
      const where = replicaVisibilitySql(scope, 2, 'r');
      const rows: Array<{ id: string }> = await ds.query(
        `SELECT r.school_id AS id FROM directory_school_replica r WHERE r.school_id = ANY($1::uuid[]) AND ${where.sql} ORDER BY r.area_office_code`,
        [[a.id, b.id], ...where.params],
      );
      return rows.map((row) => row.id);
    };
    expect(await visible({ kind: 'ALL' })).toEqual([a.id, b.id]);
    expect(await visible({ kind: 'AREA', areaOfficeCode: '1602' })).toEqual([b.id]);
    expect(await visible({ kind: 'SCHOOL', schoolCode: a.obecCode })).toEqual([a.id]);
    expect(await visible({ kind: 'SCHOOL', schoolCode: "1' OR '1'='1" })).toEqual([]);
    expect(await visible({ kind: 'NONE' })).toEqual([]);
  });
});
