import { Client } from 'pg';
import type { QueryRunner } from 'typeorm';
import { TRUST_MIGRATIONS } from '@smss/trust';
import { createTestDatabase, type TestDatabase } from '@smss/testing';
import { migrations } from '../src/migrations';
import { MovePersonalDataReadToSharedAudit1764547200300 } from '../src/migrations/1764547200300-move-personal-data-read-to-shared-audit';

let db: TestDatabase;
let pg: Client;
beforeAll(async () => {
  db = await createTestDatabase('personnel_audit_move');
  pg = new Client({ connectionString: db.url });
  await pg.connect();
});
afterAll(async () => {
  await pg.end();
  await db.drop();
});

const runner = {
  query: (sql: string, params?: unknown[]) => pg.query(sql, params).then((r) => r.rows),
} as unknown as QueryRunner;

describe('moving the old personnel audit into the shared one', () => {
  it('copies every personal_data_read row into personal_data_access (who, role, organisation, request, record, fields, when) and drops the old table', async () => {
    const move = migrations.findIndex((m) => m === MovePersonalDataReadToSharedAudit1764547200300);
    expect(move).toBeGreaterThan(0);
    // A database as the previous release left it: personnel's migrations up to the move, with old audit rows.
    for (const M of migrations.slice(0, move)) await new M().up(runner);
    const staff = '6f1c1d4e-1d2a-4c43-9a57-1f0f6c1b2a11';
    const leave = '0b7e9a31-5c55-4d0f-8f0e-8d1b6a2c3d44';
    await pg.query(
      `INSERT INTO personal_data_read (viewer_subject, viewer_role, viewer_org, record_type, record_id, staff_id, fields, request_id, read_at)
       VALUES ('u:director', 'school-director', '1016010001', 'StaffMember', $1, $1, '{nationalId,salary}', 'req-1', '2026-01-02T03:04:05Z'),
              ('u:officer', 'area-officer', '1601', 'LeaveRequest', $2, $1, '{reason}', NULL, '2026-01-03T00:00:00Z')`,
      [staff, leave],
    );
    // bootService runs the trust layer's migrations with the service's; TypeORM orders them by timestamp.
    for (const M of TRUST_MIGRATIONS) await new M().up(runner);
    await new MovePersonalDataReadToSharedAudit1764547200300().up(runner);
    const { rows } = await pg.query(
      `SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS at, request_id, subject, role, org_code,
              record_type, record_id, fields FROM personal_data_access ORDER BY at`,
    );
    expect(rows).toEqual([
      {
        at: '2026-01-02T03:04:05',
        request_id: 'req-1',
        subject: 'u:director',
        role: 'school-director',
        org_code: '1016010001',
        record_type: 'StaffMember',
        record_id: staff,
        fields: ['nationalId', 'salary'],
      },
      {
        at: '2026-01-03T00:00:00',
        request_id: null,
        subject: 'u:officer',
        role: 'area-officer',
        org_code: '1601',
        record_type: 'LeaveRequest',
        record_id: leave,
        fields: ['reason'],
      },
    ]);
    const {
      rows: [{ old }],
    } = await pg.query(`SELECT to_regclass('personal_data_read') AS old`);
    expect(old).toBeNull();
  });
});
