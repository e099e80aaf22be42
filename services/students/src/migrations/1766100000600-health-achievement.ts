import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Students II, health and achievement. Health: one current measurement per student per term; re-recording
 * keeps the earlier row as history (`superseded_at`, `superseded_by`: the audit trail), and each row
 * stores the z-scores and Thai categories computed at write time with the reference they were computed on,
 * so summaries are counts in SQL. The school is the student's owning school when recorded. Achievement:
 * subject results per term (credits and grades exact: numeric(4,1) and text), O-NET scores numeric(5,2).
 */
export class HealthAchievement1766100000600 implements MigrationInterface {
  name = 'HealthAchievement1766100000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE health_measurement (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        student_id uuid NOT NULL REFERENCES student(id),
        academic_year int NOT NULL CHECK (academic_year BETWEEN 2400 AND 2700),
        term smallint NOT NULL CHECK (term IN (1, 2)),
        measured_on date NOT NULL,
        weight_kg numeric(5,2) NOT NULL CHECK (weight_kg BETWEEN 5 AND 200),
        height_cm numeric(5,1) NOT NULL CHECK (height_cm BETWEEN 50 AND 220),
        age_months numeric(6,2) NOT NULL,
        weight_for_age_z numeric(6,3),
        height_for_age_z numeric(6,3),
        bmi_for_age_z numeric(6,3),
        weight_for_age text,
        height_for_age text,
        weight_for_height text,
        reference text NOT NULL,
        school_id uuid NOT NULL,
        school_code text NOT NULL,
        area_office_code text NOT NULL,
        province_code text NOT NULL,
        source text NOT NULL CHECK (source IN ('RECORDED', 'IMPORTED', 'DEMO')),
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        superseded_at timestamptz,
        superseded_by uuid REFERENCES health_measurement(id)
      )`);
    await q.query(`CREATE UNIQUE INDEX health_measurement_current
      ON health_measurement (student_id, academic_year, term) WHERE superseded_at IS NULL`);
    await q.query(`CREATE INDEX health_measurement_school
      ON health_measurement (school_id, academic_year, term) WHERE superseded_at IS NULL`);
    // The history chain's foreign key: without it every delete or supersede of a row scans the table.
    await q.query(`CREATE INDEX health_measurement_superseded_by
      ON health_measurement (superseded_by) WHERE superseded_by IS NOT NULL`);
    await q.query(`CREATE INDEX health_measurement_area
      ON health_measurement (area_office_code, academic_year, term) WHERE superseded_at IS NULL`);

    await q.query(`
      CREATE TABLE subject_result (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        student_id uuid NOT NULL REFERENCES student(id),
        academic_year int NOT NULL CHECK (academic_year BETWEEN 2400 AND 2700),
        term smallint NOT NULL CHECK (term IN (1, 2)),
        subject_code text NOT NULL,
        subject_name_th text NOT NULL,
        credits numeric(4,1) NOT NULL CHECK (credits >= 0 AND credits * 2 = trunc(credits * 2)),
        grade text NOT NULL CHECK (grade IN ('4','3.5','3','2.5','2','1.5','1','0','ร','มส','ผ','มผ')),
        school_id uuid NOT NULL,
        school_code text NOT NULL,
        area_office_code text NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (student_id, academic_year, term, subject_code)
      )`);

    await q.query(`
      CREATE TABLE onet_result (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        student_id uuid NOT NULL REFERENCES student(id),
        academic_year int NOT NULL CHECK (academic_year BETWEEN 2400 AND 2700),
        subject text NOT NULL,
        score numeric(5,2) NOT NULL CHECK (score BETWEEN 0 AND 100),
        school_id uuid NOT NULL,
        school_code text NOT NULL,
        area_office_code text NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (student_id, academic_year, subject)
      )`);
    await q.query(`CREATE INDEX onet_result_school ON onet_result (school_id, academic_year)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE onet_result`);
    await q.query(`DROP TABLE subject_result`);
    await q.query(`DROP TABLE health_measurement`);
  }
}
