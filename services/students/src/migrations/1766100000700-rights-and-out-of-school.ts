import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rights & opportunity and out-of-school children (Students II, issue 16):
 * - `eef_screening`: one EEF (กสศ.) poor-student screening per student per academic year and term, with
 *   the answers (sensitive) and the result the shipped rule computed (score, category, eligible) and the
 *   rule's version; the owner (school and area office of the student's enrolment when screened) is kept.
 * - `eef_transfer_batch` / `eef_transfer_item` / `eef_payment`: a school's conditional-cash-transfer list
 *   for a term, frozen when sent for payment, and the payments recorded against each item (NUMERIC(14,2)).
 * - `disability_support`: support a student with a disability received (the disability type itself stays
 *   on `student.disability_type`, which `Disadvantage` already shows).
 * - `population_import` / `population_child`: the MOI school-age population of an area for an academic
 *   year (one row per national ID; a new import of the same area and year replaces the list, keeping the
 *   ids of children listed again), and `out_of_school_follow_up`, the follow-up history of a child,
 *   keyed by area, year and national ID so it survives re-imports.
 */
export class RightsAndOutOfSchool1766100000700 implements MigrationInterface {
  name = 'RightsAndOutOfSchool1766100000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE eef_screening (
        id uuid PRIMARY KEY DEFAULT uuid_v7(),
        student_id uuid NOT NULL REFERENCES student(id),
        school_id uuid NOT NULL,
        school_code text COLLATE "C" NOT NULL,
        area_office_code text COLLATE "C" NOT NULL,
        academic_year int NOT NULL CHECK (academic_year BETWEEN 2400 AND 2700),
        term smallint NOT NULL CHECK (term IN (1, 2)),
        household_members int NOT NULL CHECK (household_members BETWEEN 1 AND 50),
        household_monthly_income numeric(14,2) NOT NULL CHECK (household_monthly_income >= 0),
        income_per_person numeric(14,2) NOT NULL,
        factors jsonb NOT NULL,
        score int NOT NULL,
        category text NOT NULL CHECK (category IN ('NOT_POOR','POOR','EXTREMELY_POOR')),
        eligible boolean NOT NULL,
        rule_version text NOT NULL,
        submitted_by text NOT NULL,
        submitted_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (student_id, academic_year, term)
      )`);
    await q.query(`CREATE INDEX eef_screening_school ON eef_screening (school_code, academic_year, term)`);
    await q.query(`
      CREATE TABLE eef_transfer_batch (
        id uuid PRIMARY KEY DEFAULT uuid_v7(),
        school_id uuid NOT NULL,
        school_code text COLLATE "C" NOT NULL,
        area_office_code text COLLATE "C" NOT NULL,
        academic_year int NOT NULL,
        term smallint NOT NULL CHECK (term IN (1, 2)),
        status text NOT NULL CHECK (status IN ('SENT_FOR_PAYMENT','PARTLY_PAID','PAID')),
        sent_by text NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (school_code, academic_year, term)
      )`);
    await q.query(`
      CREATE TABLE eef_transfer_item (
        id uuid PRIMARY KEY DEFAULT uuid_v7(),
        batch_id uuid NOT NULL REFERENCES eef_transfer_batch(id),
        student_id uuid NOT NULL REFERENCES student(id),
        screening_id uuid NOT NULL REFERENCES eef_screening(id),
        category text NOT NULL,
        school_days int NOT NULL,
        attended int NOT NULL,
        UNIQUE (batch_id, student_id)
      )`);
    await q.query(`
      CREATE TABLE eef_payment (
        id uuid PRIMARY KEY DEFAULT uuid_v7(),
        item_id uuid NOT NULL REFERENCES eef_transfer_item(id),
        amount numeric(14,2) NOT NULL CHECK (amount > 0),
        paid_on date NOT NULL,
        reference text NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (item_id, reference)
      )`);
    await q.query(`
      CREATE TABLE disability_support (
        id uuid PRIMARY KEY DEFAULT uuid_v7(),
        student_id uuid NOT NULL REFERENCES student(id),
        school_code text COLLATE "C" NOT NULL,
        area_office_code text COLLATE "C" NOT NULL,
        academic_year int NOT NULL,
        disability_type text NOT NULL,
        support text NOT NULL,
        received_on date NOT NULL,
        note text,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX disability_support_student ON disability_support (student_id, received_on)`);
    await q.query(`
      CREATE TABLE population_import (
        id uuid PRIMARY KEY DEFAULT uuid_v7(),
        area_office_code text COLLATE "C" NOT NULL,
        academic_year int NOT NULL,
        file_name text NOT NULL,
        rows_read int NOT NULL,
        children int NOT NULL,
        rejected int NOT NULL,
        duplicates int NOT NULL,
        imported_by text NOT NULL,
        imported_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE population_child (
        id uuid PRIMARY KEY DEFAULT uuid_v7(),
        area_office_code text COLLATE "C" NOT NULL,
        academic_year int NOT NULL,
        national_id text COLLATE "C" NOT NULL,
        prefix text,
        first_name text NOT NULL,
        last_name text NOT NULL,
        birth_date date,
        district_code text COLLATE "C" NOT NULL,
        district_name text,
        village int,
        import_id uuid NOT NULL REFERENCES population_import(id),
        row_no int NOT NULL,
        UNIQUE (area_office_code, academic_year, national_id)
      )`);
    await q.query(
      `CREATE INDEX population_child_district ON population_child (area_office_code, academic_year, district_code, village)`,
    );
    await q.query(`
      CREATE TABLE out_of_school_follow_up (
        id uuid PRIMARY KEY DEFAULT uuid_v7(),
        area_office_code text COLLATE "C" NOT NULL,
        academic_year int NOT NULL,
        national_id text COLLATE "C" NOT NULL,
        status text NOT NULL CHECK (status IN ('FOUND_ENROLLED_ELSEWHERE','MOVED','OUT_OF_SCHOOL','OTHER')),
        reason text,
        note text,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CHECK (status <> 'OUT_OF_SCHOOL' OR reason IS NOT NULL)
      )`);
    await q.query(
      `CREATE INDEX out_of_school_follow_up_child ON out_of_school_follow_up (area_office_code, academic_year, national_id, recorded_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'out_of_school_follow_up',
      'population_child',
      'population_import',
      'disability_support',
      'eef_payment',
      'eef_transfer_item',
      'eef_transfer_batch',
      'eef_screening',
    ])
      await q.query(`DROP TABLE ${t}`);
  }
}
