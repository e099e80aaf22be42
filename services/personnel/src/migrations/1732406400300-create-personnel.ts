import type { MigrationInterface, QueryRunner } from 'typeorm';

const POSITION_TYPES = `'DIRECTOR','DEPUTY_DIRECTOR','TEACHER','ASSISTANT_TEACHER','GOVERNMENT_EMPLOYEE','TEMPORARY_EMPLOYEE','EDUCATION_SUPPORT_STAFF'`;
const LEAVE_TYPES = `'SICK','MATERNITY','PATERNITY','PERSONAL_BUSINESS','VACATION','ORDINATION_OR_HAJJ','MILITARY_SERVICE','STUDY_OR_TRAINING','INTERNATIONAL_ORGANISATION','FOLLOW_SPOUSE','VOCATIONAL_REHABILITATION'`;

export class CreatePersonnel1732406400300 implements MigrationInterface {
  name = 'CreatePersonnel1732406400300';

  async up(q: QueryRunner): Promise<void> {
    // btree_gist: exclusion constraints mixing equality (staff) and range overlap (dates).
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await q.query(`
      CREATE TABLE staff (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        national_id char(13) NOT NULL UNIQUE CHECK (national_id ~ '^[0-9]{13}$'),
        title text,
        first_name_th text NOT NULL CHECK (length(btrim(first_name_th)) > 0),
        last_name_th text NOT NULL CHECK (length(btrim(last_name_th)) > 0),
        first_name_en text,
        last_name_en text,
        birth_date date,
        phone text,
        email text,
        salary numeric(14,2) CHECK (salary >= 0),
        academic_standing text NOT NULL DEFAULT 'NONE'
          CHECK (academic_standing IN ('NONE','PROFESSIONAL','SENIOR_PROFESSIONAL','EXPERT','SENIOR_EXPERT')),
        main_subject text,
        qualifications jsonb NOT NULL DEFAULT '[]',
        service_start_date date NOT NULL,
        account_subject text UNIQUE,
        vacation_opening_fiscal_year int NOT NULL,
        vacation_opening_days numeric(4,1) NOT NULL DEFAULT 0 CHECK (vacation_opening_days >= 0),
        version int NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX staff_name_th_trgm ON staff USING gin ((first_name_th || ' ' || last_name_th) gin_trgm_ops)`,
    );

    // One row per post held; a transfer closes one row and opens the next in one transaction.
    await q.query(`
      CREATE TABLE appointment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        staff_id uuid NOT NULL REFERENCES staff(id),
        kind text NOT NULL CHECK (kind IN ('INITIAL','TRANSFER')),
        posting_kind text NOT NULL CHECK (posting_kind IN ('SCHOOL','AREA_OFFICE')),
        school_id uuid,
        school_code char(10),
        area_office_code char(4) NOT NULL,
        position_type text NOT NULL CHECK (position_type IN (${POSITION_TYPES})),
        position_number text,
        start_date date NOT NULL,
        end_date date CHECK (end_date IS NULL OR end_date >= start_date),
        order_reference text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((posting_kind = 'SCHOOL') = (school_id IS NOT NULL AND school_code IS NOT NULL)),
        -- Nobody holds two posts on the same day.
        CONSTRAINT appointment_no_overlap
          EXCLUDE USING gist (staff_id WITH =, daterange(start_date, end_date, '[]') WITH &&)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX appointment_one_open ON appointment (staff_id) WHERE end_date IS NULL`,
    );
    await q.query(
      `CREATE INDEX appointment_school ON appointment (school_id, start_date) INCLUDE (end_date)`,
    );
    await q.query(`CREATE INDEX appointment_area ON appointment (area_office_code, start_date)`);
    await q.query(`CREATE INDEX appointment_staff ON appointment (staff_id, start_date)`);

    await q.query(`
      CREATE TABLE teaching_licence (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        staff_id uuid NOT NULL REFERENCES staff(id),
        licence_number text NOT NULL UNIQUE,
        issue_date date NOT NULL,
        expiry_date date NOT NULL CHECK (expiry_date > issue_date),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX teaching_licence_staff ON teaching_licence (staff_id, expiry_date DESC)`);

    // Official holidays are data (Cabinet resolutions change them every year).
    await q.query(`
      CREATE TABLE public_holiday (
        holiday_date date PRIMARY KEY,
        name_th text NOT NULL,
        name_en text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('STATUTORY','SUBSTITUTE','SPECIAL')),
        provisional boolean NOT NULL DEFAULT false,
        source text NOT NULL,
        recorded_by text NOT NULL DEFAULT 'migration',
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);

    // period: the leave as a timestamp range so two half days of the same date do not overlap.
    await q.query(`
      CREATE TABLE leave_request (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        staff_id uuid NOT NULL REFERENCES staff(id),
        leave_type text NOT NULL CHECK (leave_type IN (${LEAVE_TYPES})),
        start_date date NOT NULL,
        end_date date NOT NULL CHECK (end_date >= start_date),
        half_day text CHECK (half_day IN ('MORNING','AFTERNOON')),
        period tsrange NOT NULL,
        days numeric(5,1) NOT NULL CHECK (days > 0),
        counting_rule text NOT NULL CHECK (counting_rule IN ('WORKING_DAYS','CALENDAR_DAYS')),
        fiscal_year int NOT NULL,
        reason text,
        contact_during_leave text,
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING','APPROVED','REJECTED','CANCELLED')),
        school_id uuid,
        school_code char(10),
        area_office_code char(4) NOT NULL,
        approver_level text NOT NULL CHECK (approver_level IN ('SCHOOL_DIRECTOR','AREA_OFFICE')),
        approver_org_code text NOT NULL,
        requested_by text NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT now(),
        decided_by text,
        decided_role text,
        decided_at timestamptz,
        decision_comment text,
        cancelled_by text,
        cancelled_at timestamptz,
        cancel_reason text,
        CHECK (half_day IS NULL OR start_date = end_date),
        CONSTRAINT leave_request_no_overlap
          EXCLUDE USING gist (staff_id WITH =, period WITH &&) WHERE (status IN ('PENDING','APPROVED'))
      )`);
    await q.query(
      `CREATE INDEX leave_request_staff ON leave_request (staff_id, fiscal_year, leave_type, start_date)`,
    );
    await q.query(
      `CREATE INDEX leave_request_approver ON leave_request (approver_org_code, status, requested_at)`,
    );
    await q.query(`CREATE INDEX leave_request_school ON leave_request (school_id, requested_at)`);
    await q.query(`CREATE INDEX leave_request_area ON leave_request (area_office_code, requested_at)`);

    // The latest DMC snapshot per school (latest round, then highest version) and its staffing norm.
    await q.query(`
      CREATE TABLE school_enrolment (
        school_id uuid PRIMARY KEY,
        school_code char(10) NOT NULL,
        area_office_code char(4) NOT NULL,
        academic_year int NOT NULL,
        round text NOT NULL,
        round_rank int NOT NULL,
        snapshot_version int NOT NULL,
        as_of_date date NOT NULL,
        snapshot_id uuid NOT NULL,
        event_id uuid NOT NULL,
        total_students int NOT NULL,
        grades jsonb NOT NULL,
        classrooms int NOT NULL,
        teachers_required int NOT NULL,
        directors_required int NOT NULL,
        deputy_directors_required int NOT NULL,
        criteria text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX school_enrolment_area ON school_enrolment (area_office_code)`);
    // Every snapshot event handled, applied or ignored as older: the audit trail of the norm.
    await q.query(`
      CREATE TABLE school_enrolment_event (
        event_id uuid PRIMARY KEY,
        school_id uuid NOT NULL,
        academic_year int NOT NULL,
        round text NOT NULL,
        snapshot_version int NOT NULL,
        teachers_required int NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('APPLIED','IGNORED_OLDER')),
        handled_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX school_enrolment_event_school ON school_enrolment_event (school_id, handled_at)`,
    );

    // Who read which personal fields of which record, and when.
    await q.query(`
      CREATE TABLE personal_data_read (
        id bigserial PRIMARY KEY,
        viewer_subject text NOT NULL,
        viewer_role text NOT NULL,
        viewer_org text NOT NULL,
        record_type text NOT NULL,
        record_id uuid NOT NULL,
        staff_id uuid NOT NULL,
        fields text[] NOT NULL,
        request_id text,
        read_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX personal_data_read_staff ON personal_data_read (staff_id, read_at)`);
    await q.query(`CREATE INDEX personal_data_read_viewer ON personal_data_read (viewer_subject, read_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'personal_data_read',
      'school_enrolment_event',
      'school_enrolment',
      'leave_request',
      'public_holiday',
      'teaching_licence',
      'appointment',
      'staff',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
