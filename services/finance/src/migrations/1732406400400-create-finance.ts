import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Finance tables. Every amount is NUMERIC(14,2) (node-postgres returns it as a string; no type
 * parser turns it into a JS number). The ledger is append-only and every journal entry balances
 * (Σdebit = Σcredit), enforced by a constraint trigger checked at commit.
 */
export class CreateFinance1732406400400 implements MigrationInterface {
  name = 'CreateFinance1732406400400';

  async up(q: QueryRunner): Promise<void> {
    // ---- reference data --------------------------------------------------------------------
    await q.query(`
      CREATE TABLE money_source (
        code text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]*$'),
        name_th text NOT NULL,
        name_en text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('BUDGET','NON_BUDGET')),
        sort_order int NOT NULL
      )`);
    await q.query(`
      CREATE TABLE ledger_account (
        code text PRIMARY KEY,
        name_th text NOT NULL,
        name_en text NOT NULL,
        type text NOT NULL CHECK (type IN ('ASSET','LIABILITY','EQUITY','REVENUE','EXPENSE'))
      )`);

    // ---- subsidy rates (data per fiscal year and level or grade, editable by OBEC admins) ----
    await q.query(`
      CREATE TABLE subsidy_rate (
        fiscal_year int NOT NULL CHECK (fiscal_year BETWEEN 2400 AND 2700),
        item text NOT NULL,
        applies_to text NOT NULL CHECK (applies_to IN (
          'PRE_PRIMARY','PRIMARY','LOWER_SECONDARY','UPPER_SECONDARY',
          'K1','K2','K3','P1','P2','P3','P4','P5','P6','M1','M2','M3','M4','M5','M6')),
        amount_per_year numeric(14,2) NOT NULL CHECK (amount_per_year >= 0),
        schedule text NOT NULL CHECK (schedule IN ('PER_SEMESTER','ANNUAL_AT_TERM1')),
        source text NOT NULL CHECK (length(btrim(source)) > 0),
        verified boolean NOT NULL,
        note text,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (item, applies_to, fiscal_year)
      )`);
    await q.query(`
      CREATE TABLE subsidy_rate_change (
        id bigserial PRIMARY KEY,
        fiscal_year int NOT NULL,
        item text NOT NULL,
        applies_to text NOT NULL,
        previous_amount numeric(14,2),
        new_amount numeric(14,2) NOT NULL,
        previous_schedule text,
        new_schedule text NOT NULL,
        source text NOT NULL,
        verified boolean NOT NULL,
        note text,
        changed_by text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);

    // ---- DMC snapshots received and the allocations computed from them -----------------------
    await q.query(`
      CREATE TABLE dmc_snapshot (
        id bigserial PRIMARY KEY,
        snapshot_id uuid NOT NULL,
        round_id uuid NOT NULL,
        school_id uuid NOT NULL,
        school_code char(10) NOT NULL,
        area_office_code char(4) NOT NULL,
        province_code char(2) NOT NULL,
        academic_year int NOT NULL,
        round text NOT NULL,
        as_of_date date NOT NULL,
        snapshot_version int NOT NULL,
        grades jsonb NOT NULL,
        total_students int NOT NULL,
        event_id uuid NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (school_id, round_id, snapshot_version)
      )`);
    await q.query(`
      CREATE TABLE subsidy_allocation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        school_id uuid NOT NULL,
        school_code char(10) NOT NULL,
        area_office_code char(4) NOT NULL,
        province_code char(2) NOT NULL,
        round_id uuid NOT NULL,
        academic_year int NOT NULL,
        round text NOT NULL CHECK (round IN ('TERM1','TERM2','END_OF_YEAR')),
        as_of_date date NOT NULL,
        fiscal_year int NOT NULL,
        snapshot_id uuid NOT NULL,
        snapshot_version int NOT NULL,
        total numeric(14,2) NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (school_id, round_id)
      )`);
    await q.query(`CREATE INDEX subsidy_allocation_school_fy ON subsidy_allocation (school_id, fiscal_year)`);
    await q.query(`
      CREATE TABLE subsidy_allocation_item (
        allocation_id uuid NOT NULL REFERENCES subsidy_allocation(id) ON DELETE CASCADE,
        item text NOT NULL,
        school_id uuid NOT NULL,
        fiscal_year int NOT NULL,
        area_office_code char(4) NOT NULL,
        province_code char(2) NOT NULL,
        round text NOT NULL,
        students int NOT NULL,
        amount numeric(14,2) NOT NULL,
        PRIMARY KEY (allocation_id, item)
      )`);
    await q.query(
      `CREATE INDEX subsidy_allocation_item_area ON subsidy_allocation_item (area_office_code, fiscal_year)`,
    );
    await q.query(
      `CREATE INDEX subsidy_allocation_item_province ON subsidy_allocation_item (province_code, fiscal_year)`,
    );
    await q.query(`
      CREATE TABLE subsidy_allocation_line (
        allocation_id uuid NOT NULL REFERENCES subsidy_allocation(id) ON DELETE CASCADE,
        item text NOT NULL,
        grade_level text NOT NULL,
        level text NOT NULL,
        students int NOT NULL,
        rate_per_year numeric(14,2) NOT NULL,
        rate_fiscal_year int NOT NULL,
        rate_applies_to text NOT NULL,
        rate_verified boolean NOT NULL,
        rate_per_round numeric(14,2) NOT NULL,
        amount numeric(14,2) NOT NULL,
        PRIMARY KEY (allocation_id, item, grade_level)
      )`);
    await q.query(`
      CREATE TABLE allocation_adjustment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        allocation_id uuid NOT NULL REFERENCES subsidy_allocation(id),
        school_id uuid NOT NULL,
        round_id uuid NOT NULL,
        academic_year int NOT NULL,
        round text NOT NULL,
        fiscal_year int NOT NULL,
        from_snapshot_version int NOT NULL,
        to_snapshot_version int NOT NULL,
        previous_total numeric(14,2) NOT NULL,
        new_total numeric(14,2) NOT NULL,
        delta numeric(14,2) NOT NULL,
        event_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (allocation_id, to_snapshot_version)
      )`);
    await q.query(
      `CREATE INDEX allocation_adjustment_school ON allocation_adjustment (school_id, fiscal_year)`,
    );
    await q.query(`
      CREATE TABLE allocation_adjustment_item (
        adjustment_id uuid NOT NULL REFERENCES allocation_adjustment(id),
        item text NOT NULL,
        previous_amount numeric(14,2) NOT NULL,
        new_amount numeric(14,2) NOT NULL,
        delta numeric(14,2) NOT NULL,
        PRIMARY KEY (adjustment_id, item)
      )`);

    // ---- action plan --------------------------------------------------------------------------
    await q.query(`
      CREATE TABLE strategy (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        school_id uuid NOT NULL,
        fiscal_year int NOT NULL,
        code text NOT NULL,
        name_th text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (school_id, fiscal_year, code)
      )`);
    await q.query(`
      CREATE TABLE project (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        strategy_id uuid NOT NULL REFERENCES strategy(id),
        school_id uuid NOT NULL,
        fiscal_year int NOT NULL,
        code text,
        name_th text NOT NULL,
        owner text NOT NULL,
        start_date date NOT NULL,
        end_date date NOT NULL CHECK (end_date >= start_date),
        money_source_code text NOT NULL REFERENCES money_source(code),
        requested_budget numeric(14,2) NOT NULL CHECK (requested_budget >= 0),
        approved_budget numeric(14,2) CHECK (approved_budget >= 0),
        approved_by text,
        approved_at timestamptz,
        evaluation_outcome text,
        evaluation_result text,
        evaluation_obstacles text,
        evaluated_by text,
        evaluated_at timestamptz,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE INDEX project_school_fy ON project (school_id, fiscal_year)`);
    await q.query(`CREATE INDEX project_strategy ON project (strategy_id)`);
    await q.query(`
      CREATE TABLE activity (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES project(id),
        school_id uuid NOT NULL,
        name_th text NOT NULL,
        owner text,
        start_date date,
        end_date date,
        requested_budget numeric(14,2) NOT NULL CHECK (requested_budget >= 0),
        approved_budget numeric(14,2) CHECK (approved_budget >= 0),
        evaluation_outcome text,
        evaluation_result text,
        evaluation_obstacles text,
        evaluated_by text,
        evaluated_at timestamptz,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date)
      )`);
    await q.query(`CREATE INDEX activity_project ON activity (project_id)`);

    // ---- running numbers: one counter row per school, fiscal year and document kind ----------
    // Incremented with INSERT … ON CONFLICT DO UPDATE inside the document's own transaction: the
    // row lock serialises writers and a rollback gives the number back, so there are no gaps.
    await q.query(`
      CREATE TABLE document_sequence (
        school_id uuid NOT NULL,
        fiscal_year int NOT NULL,
        kind text NOT NULL CHECK (kind IN ('VOUCHER','RECEIPT')),
        last_number int NOT NULL,
        PRIMARY KEY (school_id, fiscal_year, kind)
      )`);

    // ---- money in and out --------------------------------------------------------------------
    await q.query(`
      CREATE TABLE receipt (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        school_id uuid NOT NULL,
        fiscal_year int NOT NULL,
        number int NOT NULL,
        receipt_date date NOT NULL,
        money_source_code text NOT NULL REFERENCES money_source(code),
        amount numeric(14,2) NOT NULL CHECK (amount > 0),
        payer text NOT NULL,
        description text NOT NULL,
        reference text,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (school_id, fiscal_year, number)
      )`);
    await q.query(`
      CREATE TABLE payment_voucher (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        school_id uuid NOT NULL,
        fiscal_year int NOT NULL,
        number int NOT NULL,
        voucher_date date NOT NULL,
        status text NOT NULL CHECK (status IN ('PENDING_APPROVAL','APPROVED','CANCELLED')),
        project_id uuid REFERENCES project(id),
        activity_id uuid REFERENCES activity(id),
        money_source_code text NOT NULL REFERENCES money_source(code),
        payee_kind text NOT NULL CHECK (payee_kind IN ('PERSON','ORGANISATION')),
        payee_name text NOT NULL,
        payee_tax_id text,
        description text NOT NULL,
        gross_amount numeric(14,2) NOT NULL CHECK (gross_amount > 0),
        withholding_tax_percent numeric(5,2) NOT NULL CHECK (withholding_tax_percent BETWEEN 0 AND 15),
        withholding_tax numeric(14,2) NOT NULL CHECK (withholding_tax >= 0),
        net_amount numeric(14,2) NOT NULL CHECK (net_amount > 0),
        prepared_by text NOT NULL,
        prepared_at timestamptz NOT NULL DEFAULT now(),
        approved_by text,
        approved_at timestamptz,
        cancelled_by text,
        cancelled_at timestamptz,
        cancel_reason text,
        version int NOT NULL DEFAULT 1,
        UNIQUE (school_id, fiscal_year, number),
        CHECK (net_amount + withholding_tax = gross_amount)
      )`);
    await q.query(
      `CREATE INDEX payment_voucher_project ON payment_voucher (project_id) WHERE project_id IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE payment_voucher_line (
        voucher_id uuid NOT NULL REFERENCES payment_voucher(id) ON DELETE CASCADE,
        line_no int NOT NULL,
        description text NOT NULL,
        amount numeric(14,2) NOT NULL CHECK (amount > 0),
        PRIMARY KEY (voucher_id, line_no)
      )`);
    // An approved voucher is frozen: no edit of its own row except the CANCELLED → never, and
    // its lines can never change (belt and braces behind the service's own refusal).
    await q.query(`
      CREATE FUNCTION refuse_approved_voucher_edit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'APPROVED' THEN
          RAISE EXCEPTION 'payment voucher % is approved and cannot change', OLD.id USING ERRCODE = 'P0001';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER payment_voucher_frozen BEFORE UPDATE OR DELETE ON payment_voucher
      FOR EACH ROW EXECUTE FUNCTION refuse_approved_voucher_edit()`);
    await q.query(`
      CREATE FUNCTION refuse_approved_voucher_line_edit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM payment_voucher WHERE id = COALESCE(NEW.voucher_id, OLD.voucher_id) AND status = 'APPROVED') THEN
          RAISE EXCEPTION 'lines of an approved payment voucher cannot change' USING ERRCODE = 'P0001';
        END IF;
        RETURN COALESCE(NEW, OLD);
      END $$`);
    await q.query(`
      CREATE TRIGGER payment_voucher_line_frozen BEFORE INSERT OR UPDATE OR DELETE ON payment_voucher_line
      FOR EACH ROW EXECUTE FUNCTION refuse_approved_voucher_line_edit()`);
    await q.query(`
      CREATE TABLE money_return (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        school_id uuid NOT NULL,
        fiscal_year int NOT NULL,
        return_date date NOT NULL,
        kind text NOT NULL CHECK (kind IN ('RETURNED_TO_SOURCE','REFUND_FROM_PAYEE')),
        money_source_code text NOT NULL REFERENCES money_source(code),
        project_id uuid REFERENCES project(id),
        voucher_id uuid REFERENCES payment_voucher(id),
        amount numeric(14,2) NOT NULL CHECK (amount > 0),
        reason text NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);

    // ---- double-entry ledger -----------------------------------------------------------------
    await q.query(`
      CREATE TABLE journal_entry (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        school_id uuid NOT NULL,
        fiscal_year int NOT NULL,
        entry_date date NOT NULL,
        kind text NOT NULL CHECK (kind IN ('RECEIPT','PAYMENT','REFUND','RETURN')),
        reference_id uuid NOT NULL,
        description text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX journal_entry_school_fy ON journal_entry (school_id, fiscal_year, entry_date)`,
    );
    await q.query(`
      CREATE TABLE journal_line (
        id bigserial PRIMARY KEY,
        entry_id uuid NOT NULL REFERENCES journal_entry(id),
        school_id uuid NOT NULL,
        fiscal_year int NOT NULL,
        entry_date date NOT NULL,
        account_code text NOT NULL REFERENCES ledger_account(code),
        money_source_code text NOT NULL REFERENCES money_source(code),
        project_id uuid REFERENCES project(id),
        debit numeric(14,2) NOT NULL DEFAULT 0 CHECK (debit >= 0),
        credit numeric(14,2) NOT NULL DEFAULT 0 CHECK (credit >= 0),
        CHECK ((debit > 0) <> (credit > 0))
      )`);
    await q.query(`CREATE INDEX journal_line_entry ON journal_line (entry_id)`);
    await q.query(
      `CREATE INDEX journal_line_school_source ON journal_line (school_id, money_source_code, account_code, entry_date)`,
    );
    await q.query(
      `CREATE INDEX journal_line_project ON journal_line (project_id) WHERE project_id IS NOT NULL`,
    );
    // Σdebit = Σcredit per entry, checked at COMMIT (all lines of an entry are in by then).
    await q.query(`
      CREATE FUNCTION assert_journal_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE d numeric; c numeric;
      BEGIN
        SELECT coalesce(sum(debit), 0), coalesce(sum(credit), 0) INTO d, c
          FROM journal_line WHERE entry_id = NEW.entry_id;
        IF d <> c OR d = 0 THEN
          RAISE EXCEPTION 'journal entry % does not balance: debits % <> credits %', NEW.entry_id, d, c
            USING ERRCODE = 'P0002';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER journal_entry_balanced AFTER INSERT ON journal_line
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION assert_journal_entry_balanced()`);
    // The ledger is append-only: corrections are new entries, never edits.
    await q.query(`
      CREATE FUNCTION refuse_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'the ledger is append-only (% on %)', TG_OP, TG_TABLE_NAME USING ERRCODE = 'P0001'; END $$`);
    await q.query(`
      CREATE TRIGGER journal_line_append_only BEFORE UPDATE OR DELETE ON journal_line
      FOR EACH ROW EXECUTE FUNCTION refuse_ledger_change()`);
    await q.query(`
      CREATE TRIGGER journal_entry_append_only BEFORE UPDATE OR DELETE ON journal_entry
      FOR EACH ROW EXECUTE FUNCTION refuse_ledger_change()`);

    // ---- who read personal data (payee names and tax IDs of persons) ---------------------------
    await q.query(`
      CREATE TABLE pii_access_log (
        id bigserial PRIMARY KEY,
        viewer_subject text NOT NULL,
        viewer_role text NOT NULL,
        viewer_org text NOT NULL,
        record_type text NOT NULL,
        record_id text NOT NULL,
        fields text[] NOT NULL,
        request_id text,
        accessed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX pii_access_log_record ON pii_access_log (record_type, record_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'pii_access_log',
      'journal_line',
      'journal_entry',
      'money_return',
      'payment_voucher_line',
      'payment_voucher',
      'receipt',
      'document_sequence',
      'activity',
      'project',
      'strategy',
      'allocation_adjustment_item',
      'allocation_adjustment',
      'subsidy_allocation_line',
      'subsidy_allocation_item',
      'subsidy_allocation',
      'dmc_snapshot',
      'subsidy_rate_change',
      'subsidy_rate',
      'ledger_account',
      'money_source',
    ]) {
      await q.query(`DROP TABLE ${table} CASCADE`);
    }
    for (const fn of [
      'refuse_approved_voucher_edit',
      'refuse_approved_voucher_line_edit',
      'assert_journal_entry_balanced',
      'refuse_ledger_change',
    ]) {
      await q.query(`DROP FUNCTION ${fn}`);
    }
  }
}
