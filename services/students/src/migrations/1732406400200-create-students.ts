import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateStudents1732406400200 implements MigrationInterface {
  name = 'CreateStudents1732406400200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE student (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        national_id text UNIQUE CHECK (national_id ~ '^[0-9]{13}$'),
        g_code text UNIQUE CHECK (g_code ~ '^G[0-9]{12}$'),
        prefix text NOT NULL,
        first_name_th text NOT NULL,
        last_name_th text NOT NULL,
        birth_date date NOT NULL,
        gender text NOT NULL CHECK (gender IN ('MALE','FEMALE')),
        poverty text NOT NULL DEFAULT 'NONE' CHECK (poverty IN ('NONE','POOR','EXTREMELY_POOR')),
        disability_type text,
        orphan boolean NOT NULL DEFAULT false,
        stateless boolean NOT NULL DEFAULT false,
        ethnic_minority boolean NOT NULL DEFAULT false,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- One key for either identity, so imports join and upsert on a single unique index.
        identity text GENERATED ALWAYS AS (coalesce(national_id, g_code)) STORED NOT NULL UNIQUE,
        CHECK (num_nonnulls(national_id, g_code) = 1)
      )`);
    await q.query(`
      CREATE TABLE enrollment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        student_id uuid NOT NULL REFERENCES student(id),
        school_id uuid NOT NULL,
        school_code text NOT NULL,
        area_office_code text NOT NULL,
        province_code text NOT NULL,
        academic_year int NOT NULL CHECK (academic_year BETWEEN 2400 AND 2700),
        grade_level text NOT NULL,
        classroom text NOT NULL,
        status text NOT NULL DEFAULT 'ACTIVE',
        started_on date NOT NULL,
        ended_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ended_on IS NULL OR ended_on >= started_on)
      )`);
    // The double-enrolment rule, enforced by the database: one active enrolment per student.
    await q.query(
      `CREATE UNIQUE INDEX enrollment_one_active ON enrollment (student_id) WHERE status = 'ACTIVE'`,
    );
    await q.query(`CREATE INDEX enrollment_student ON enrollment (student_id, started_on)`);
    await q.query(
      `CREATE INDEX enrollment_school_year ON enrollment (school_id, academic_year, grade_level)`,
    );
    await q.query(`CREATE INDEX enrollment_area_year ON enrollment (area_office_code, academic_year)`);
    await q.query(`CREATE INDEX enrollment_province_year ON enrollment (province_code, academic_year)`);
    await q.query(`
      CREATE TABLE transfer (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        student_id uuid NOT NULL REFERENCES student(id),
        from_school_id uuid NOT NULL,
        to_school_id uuid,
        status text NOT NULL CHECK (status IN ('RELEASED','ACCEPTED')),
        released_on date NOT NULL,
        accepted_on date,
        released_by text NOT NULL,
        accepted_by text
      )`);
    await q.query(`CREATE UNIQUE INDEX transfer_one_open ON transfer (student_id) WHERE status = 'RELEASED'`);
    await q.query(`
      CREATE TABLE dmc_round (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        academic_year int NOT NULL,
        round text NOT NULL CHECK (round IN ('TERM1','TERM2','END_OF_YEAR')),
        as_of_date date NOT NULL,
        window_start date NOT NULL,
        window_end date NOT NULL,
        status text NOT NULL CHECK (status IN ('OPEN','CLOSED')),
        closed_at timestamptz,
        reopen_count int NOT NULL DEFAULT 0,
        reopen_reason text,
        UNIQUE (academic_year, round)
      )`);
    await q.query(`
      CREATE TABLE dmc_snapshot (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        round_id uuid NOT NULL REFERENCES dmc_round(id),
        school_id uuid NOT NULL,
        school_code text NOT NULL,
        area_office_code text NOT NULL,
        province_code text NOT NULL,
        version int NOT NULL,
        total_students int NOT NULL,
        grades jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (round_id, school_id, version)
      )`);
    await q.query(`CREATE INDEX dmc_snapshot_school ON dmc_snapshot (school_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE enrollment_conflict (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        student_id uuid NOT NULL REFERENCES student(id),
        importing_school_id uuid NOT NULL,
        importing_area_office_code text NOT NULL,
        enrolled_school_id uuid NOT NULL,
        enrolled_area_office_code text NOT NULL,
        found_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (student_id, importing_school_id, enrolled_school_id)
      )`);
    await q.query(`
      CREATE TABLE pii_access_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        subject text NOT NULL,
        role text NOT NULL,
        org_code text NOT NULL,
        request_id text,
        student_id uuid NOT NULL,
        fields text[] NOT NULL,
        unmasked boolean NOT NULL
      )`);
    await q.query(`CREATE INDEX pii_access_log_student ON pii_access_log (student_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'pii_access_log',
      'enrollment_conflict',
      'dmc_snapshot',
      'dmc_round',
      'transfer',
      'enrollment',
      'student',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
