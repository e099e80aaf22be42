import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The indicators service's tables. Scores and weights are NUMERIC(8,5) (five places, never floats),
 * results, targets and thresholds NUMERIC(20,5). Organisation codes are text with CHECKs: 'OBEC', a
 * 4-digit area office code or a 10-digit OBEC school code. Where a school sits (its area office) is
 * copied from `directory_school_replica` when its record is written and kept with it for row scope.
 */
export class CreateIndicators1796122883794 implements MigrationInterface {
  name = 'CreateIndicators1796122883794';

  async up(q: QueryRunner): Promise<void> {
    const orgChecks = (prefix = '') => `
      CHECK (${prefix}org_level IN ('OBEC', 'AREA_OFFICE', 'SCHOOL')),
      CHECK (${prefix}org_code ~ '^(OBEC|[0-9]{4}|[0-9]{10})$'),
      CHECK (${prefix}area_office_code IS NULL OR ${prefix}area_office_code ~ '^[0-9]{4}$'),
      CHECK (${prefix}school_code IS NULL OR ${prefix}school_code ~ '^[0-9]{10}$')`;

    await q.query(`
      CREATE TABLE indicator (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        fiscal_year int NOT NULL CHECK (fiscal_year BETWEEN 2400 AND 2700),
        framework text NOT NULL CHECK (framework IN ('KRS', 'ARS', 'PMQA')),
        code text NOT NULL CHECK (length(btrim(code)) BETWEEN 1 AND 30),
        sort_key text NOT NULL,
        name_th text NOT NULL CHECK (length(btrim(name_th)) BETWEEN 1 AND 500),
        name_en text NOT NULL CHECK (length(btrim(name_en)) BETWEEN 1 AND 500),
        unit text NOT NULL CHECK (length(btrim(unit)) BETWEEN 1 AND 50),
        weight numeric(8,5) NOT NULL CHECK (weight BETWEEN 0 AND 100),
        target numeric(20,5),
        owner_level text NOT NULL CHECK (owner_level IN ('OBEC', 'AREA_OFFICE', 'SCHOOL')),
        method text NOT NULL CHECK (method IN ('LEVELS', 'CHECKLIST', 'YES_NO', 'PMQA_LEVEL')),
        direction text CHECK (direction IN ('HIGHER_IS_BETTER', 'LOWER_IS_BETTER')),
        thresholds numeric(20,5)[] NOT NULL DEFAULT '{}',
        steps text[] NOT NULL DEFAULT '{}',
        measure text CHECK (measure IN ('ENROLMENT', 'DROPOUT_COUNT', 'DROPOUT_RATE', 'STAFF_POSTED',
                                        'ALLOCATION_RECEIVED', 'LETTERS_ANSWERED_ON_TIME_RATE')),
        pmqa_category int CHECK (pmqa_category BETWEEN 1 AND 7),
        description text,
        version int NOT NULL DEFAULT 1 CHECK (version > 0),
        updated_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (method <> 'LEVELS' OR (direction IS NOT NULL AND cardinality(thresholds) = 5)),
        CHECK ((framework = 'PMQA') = (method = 'PMQA_LEVEL'))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX indicator_code ON indicator (fiscal_year, framework, lower(code))`,
    );
    await q.query(`CREATE INDEX indicator_year ON indicator (fiscal_year, framework, owner_level, sort_key)`);

    await q.query(`
      CREATE TABLE reporting_round (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        fiscal_year int NOT NULL CHECK (fiscal_year BETWEEN 2400 AND 2700),
        month int NOT NULL CHECK (month IN (3, 6, 9, 12)),
        opens_on date NOT NULL,
        closes_on date NOT NULL CHECK (closes_on >= opens_on),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (fiscal_year, month)
      )`);

    await q.query(`
      CREATE TABLE evidence_file (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_level text NOT NULL,
        org_code text NOT NULL,
        area_office_code text,
        school_code text,
        file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
        content_type text NOT NULL,
        byte_size int NOT NULL CHECK (byte_size > 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        content bytea NOT NULL,
        uploaded_by text NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        ${orgChecks()}
      )`);
    await q.query(`CREATE INDEX evidence_file_org ON evidence_file (org_code, uploaded_at DESC)`);

    await q.query(`
      CREATE TABLE indicator_result (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        indicator_id uuid NOT NULL REFERENCES indicator (id),
        round_id uuid NOT NULL REFERENCES reporting_round (id),
        org_level text NOT NULL,
        org_code text NOT NULL,
        area_office_code text,
        school_code text,
        status text NOT NULL CHECK (status IN ('DRAFT', 'SUBMITTED', 'RETURNED', 'APPROVED')),
        value numeric(20,5),
        value_source text NOT NULL DEFAULT 'TYPED' CHECK (value_source IN ('TYPED', 'PLATFORM')),
        steps_done int[] NOT NULL DEFAULT '{}',
        achieved boolean,
        score numeric(8,5) CHECK (score BETWEEN 0 AND 5),
        weighted_score numeric(8,5) CHECK (weighted_score BETWEEN 0 AND 5),
        narrative text CHECK (length(narrative) <= 4000),
        project_ids uuid[] NOT NULL DEFAULT '{}',
        reporter_name text,
        reporter_phone text,
        return_comment text,
        submitted_by text,
        submitted_at timestamptz,
        decided_by text,
        decided_at timestamptz,
        version int NOT NULL DEFAULT 1 CHECK (version > 0),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (indicator_id, round_id, org_code),
        ${orgChecks()}
      )`);
    await q.query(`CREATE INDEX indicator_result_org ON indicator_result (round_id, org_code)`);
    await q.query(`CREATE INDEX indicator_result_area ON indicator_result (round_id, area_office_code)`);
    await q.query(
      `COMMENT ON COLUMN indicator_result.reporter_name IS 'Personal data (a person''s name). ข้อมูลส่วนบุคคล'`,
    );
    await q.query(
      `COMMENT ON COLUMN indicator_result.reporter_phone IS 'Personal data (a telephone number). ข้อมูลส่วนบุคคล'`,
    );

    await q.query(`
      CREATE TABLE indicator_result_evidence (
        result_id uuid NOT NULL REFERENCES indicator_result (id) ON DELETE CASCADE,
        file_id uuid NOT NULL REFERENCES evidence_file (id),
        position int NOT NULL,
        PRIMARY KEY (result_id, file_id)
      )`);

    await q.query(`
      CREATE TABLE indicator_result_history (
        id bigserial PRIMARY KEY,
        result_id uuid NOT NULL REFERENCES indicator_result (id) ON DELETE CASCADE,
        status text NOT NULL,
        changed_by text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        comment text
      )`);
    await q.query(`CREATE INDEX indicator_result_history_result ON indicator_result_history (result_id, id)`);

    await q.query(`
      CREATE TABLE pmqa_profile (
        org_code text NOT NULL,
        fiscal_year int NOT NULL CHECK (fiscal_year BETWEEN 2400 AND 2700),
        org_level text NOT NULL,
        area_office_code text,
        school_code text,
        name_th text NOT NULL,
        vision text NOT NULL,
        mission text NOT NULL,
        structure text NOT NULL,
        stakeholders text NOT NULL,
        challenges text NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_code, fiscal_year),
        ${orgChecks()}
      )`);

    await q.query(`
      CREATE TABLE pmqa_criterion_assessment (
        org_code text NOT NULL,
        criterion_id uuid NOT NULL REFERENCES indicator (id),
        fiscal_year int NOT NULL,
        org_level text NOT NULL,
        area_office_code text,
        school_code text,
        level text NOT NULL CHECK (level IN ('NOT_ASSESSED', 'BASIC', 'ADVANCE', 'SIGNIFICANCE')),
        approach text,
        deployment text,
        learning text,
        results text,
        evidence jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_array_length(evidence) <= 5),
        assessed_by text NOT NULL,
        assessed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_code, criterion_id),
        ${orgChecks()}
      )`);
    await q.query(
      `COMMENT ON COLUMN pmqa_criterion_assessment.evidence IS 'Evidence register; responsiblePerson is personal data. ข้อมูลส่วนบุคคล'`,
    );

    await q.query(`
      CREATE TABLE indicator_export (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        requested_by text NOT NULL,
        org_code text NOT NULL,
        file_name text NOT NULL,
        content_type text NOT NULL,
        content bytea NOT NULL,
        row_count int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX indicator_export_expiry ON indicator_export (expires_at)`);

    // ---- platform measures, fed by other services' events ------------------------------------------
    await q.query(`
      CREATE TABLE measure_enrolment (
        school_code text NOT NULL CHECK (school_code ~ '^[0-9]{10}$'),
        fiscal_year int NOT NULL,
        area_office_code text NOT NULL,
        students int NOT NULL CHECK (students >= 0),
        as_of date NOT NULL,
        snapshot_version int NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (school_code, fiscal_year)
      )`);
    await q.query(`CREATE INDEX measure_enrolment_area ON measure_enrolment (area_office_code, fiscal_year)`);
    await q.query(`
      CREATE TABLE measure_dropout (
        enrollment_id uuid PRIMARY KEY,
        school_code text NOT NULL,
        area_office_code text NOT NULL,
        fiscal_year int NOT NULL,
        occurred_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX measure_dropout_school ON measure_dropout (school_code, fiscal_year)`);
    await q.query(`CREATE INDEX measure_dropout_area ON measure_dropout (area_office_code, fiscal_year)`);
    await q.query(`
      CREATE TABLE measure_staff_posting (
        staff_id uuid PRIMARY KEY,
        org_kind text NOT NULL CHECK (org_kind IN ('SCHOOL', 'AREA_OFFICE')),
        school_code text,
        area_office_code text NOT NULL,
        start_date date NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX measure_staff_posting_school ON measure_staff_posting (school_code)`);
    await q.query(`CREATE INDEX measure_staff_posting_area ON measure_staff_posting (area_office_code)`);
    await q.query(`
      CREATE TABLE measure_allocation (
        school_code text NOT NULL,
        round_id uuid NOT NULL,
        fiscal_year int NOT NULL,
        area_office_code text NOT NULL,
        total numeric(14,2) NOT NULL,
        snapshot_version int NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (school_code, round_id)
      )`);
    await q.query(`CREATE INDEX measure_allocation_area ON measure_allocation (area_office_code, fiscal_year)`);
    await q.query(`
      CREATE TABLE measure_letter_delivery (
        delivery_id uuid PRIMARY KEY,
        recipient_org_code text NOT NULL,
        recipient_area_office_code text,
        due_at timestamptz,
        dispatched_at timestamptz,
        acknowledged_at timestamptz,
        late boolean
      )`);
    await q.query(`CREATE INDEX measure_letter_recipient ON measure_letter_delivery (recipient_org_code, due_at)`);

    await q.query(`
      CREATE TABLE demo_seed_step (
        step text PRIMARY KEY,
        detail jsonb NOT NULL DEFAULT '{}',
        done_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'demo_seed_step',
      'measure_letter_delivery',
      'measure_allocation',
      'measure_staff_posting',
      'measure_dropout',
      'measure_enrolment',
      'indicator_export',
      'pmqa_criterion_assessment',
      'pmqa_profile',
      'indicator_result_history',
      'indicator_result_evidence',
      'indicator_result',
      'evidence_file',
      'reporting_round',
      'indicator',
    ])
      await q.query(`DROP TABLE ${table}`);
  }
}
