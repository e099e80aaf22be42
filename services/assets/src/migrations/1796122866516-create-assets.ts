import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The assets schema. Every record carries `school_id` (the directory id); where the school sits (its
 * OBEC code, area office, province) is read from `directory_school_replica` at query time, so a school
 * that moves area is scoped by its new area at once. Codes are text with CHECKs, never char(n). Money is
 * NUMERIC(14,2); areas NUMERIC(10,2).
 */
export class CreateAssets1796122866516 implements MigrationInterface {
  name = 'CreateAssets1796122866516';

  async up(q: QueryRunner): Promise<void> {
    // ---- reference data (seeded by the next migration) ----
    await q.query(`
      CREATE TABLE building_type (
        code text PRIMARY KEY CHECK (code ~ '^[A-Z_]{2,40}$'),
        category text NOT NULL CHECK (category IN ('CLASSROOM','MULTIPURPOSE','TOILET','TEACHER_HOUSING','JANITOR_HOUSING','OTHER')),
        name_th text NOT NULL,
        name_en text NOT NULL,
        sort int NOT NULL
      )`);
    await q.query(`
      CREATE TABLE building_model (
        code text PRIMARY KEY,
        type_code text NOT NULL REFERENCES building_type(code),
        description_th text NOT NULL,
        source text NOT NULL,
        verified boolean NOT NULL
      )`);
    await q.query(`
      CREATE TABLE asset_category (
        code text PRIMARY KEY CHECK (code ~ '^[0-9]{4}-[0-9]{3}$'),
        name_th text NOT NULL,
        name_en text NOT NULL,
        group_th text NOT NULL,
        useful_life_years int NOT NULL CHECK (useful_life_years BETWEEN 1 AND 100),
        computer boolean NOT NULL DEFAULT false,
        source text NOT NULL,
        verified boolean NOT NULL,
        sort int NOT NULL
      )`);
    await q.query(`
      CREATE TABLE capitalisation_threshold (
        effective_from date PRIMARY KEY,
        amount numeric(14,2) NOT NULL CHECK (amount > 0),
        source text NOT NULL,
        verified boolean NOT NULL
      )`);
    await q.query(`
      CREATE TABLE procurement_method_rule (
        method text PRIMARY KEY CHECK (method IN ('SPECIFIC','SELECTION','E_MARKET','E_BIDDING','PRICE_INQUIRY')),
        name_th text NOT NULL,
        name_en text NOT NULL,
        budget_above numeric(14,2),
        budget_up_to numeric(14,2),
        needs_ground boolean NOT NULL,
        source text NOT NULL,
        verified boolean NOT NULL,
        sort int NOT NULL
      )`);

    // ---- buildings ----
    await q.query(`
      CREATE TABLE building (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        school_id uuid NOT NULL,
        name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
        type_code text NOT NULL REFERENCES building_type(code),
        model_code text CHECK (model_code IS NULL OR length(model_code) BETWEEN 1 AND 60),
        year_built int NOT NULL CHECK (year_built BETWEEN 2400 AND 2700),
        construction_cost numeric(14,2) CHECK (construction_cost IS NULL OR construction_cost >= 0),
        budget_source text NOT NULL CHECK (budget_source IN ('OBEC_BUDGET','LOCAL_GOVERNMENT','OTHER_AGENCY','DONATION','SCHOOL_INCOME','OTHER')),
        floors int NOT NULL CHECK (floors BETWEEN 1 AND 20),
        floor_area numeric(10,2) CHECK (floor_area IS NULL OR floor_area > 0),
        design_rooms int CHECK (design_rooms IS NULL OR design_rooms BETWEEN 0 AND 200),
        rooms jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(rooms) = 'array'),
        condition text NOT NULL CHECK (condition IN ('GOOD','NEEDS_REPAIR','DILAPIDATED','UNSAFE')),
        condition_assessed_on date NOT NULL,
        condition_photo_sha256 text[] NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'IN_USE' CHECK (status IN ('IN_USE','OUT_OF_USE','DEMOLISHED')),
        version int NOT NULL DEFAULT 1 CHECK (version > 0),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX building_school_name ON building (school_id, lower(name))`);
    await q.query(`CREATE INDEX building_school ON building (school_id, name, id)`);
    await q.query(`
      CREATE TABLE building_repair (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        building_id uuid NOT NULL REFERENCES building(id),
        school_id uuid NOT NULL,
        repaired_on date NOT NULL,
        description text NOT NULL CHECK (length(btrim(description)) BETWEEN 1 AND 500),
        cost numeric(14,2) NOT NULL CHECK (cost > 0),
        budget_source text NOT NULL CHECK (budget_source IN ('OBEC_BUDGET','LOCAL_GOVERNMENT','OTHER_AGENCY','DONATION','SCHOOL_INCOME','OTHER')),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX building_repair_building ON building_repair (building_id, repaired_on DESC, id)`,
    );
    await q.query(`CREATE INDEX building_repair_school ON building_repair (school_id)`);

    // ---- survey rounds ----
    await q.query(`
      CREATE TABLE building_survey_round (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        fiscal_year int NOT NULL UNIQUE CHECK (fiscal_year BETWEEN 2400 AND 2700),
        opens_on date NOT NULL,
        closes_on date NOT NULL,
        closed_at timestamptz,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (closes_on >= opens_on)
      )`);
    await q.query(`
      CREATE TABLE building_survey (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        round_id uuid NOT NULL REFERENCES building_survey_round(id),
        school_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('SUBMITTED','RETURNED','ACCEPTED','CLOSED')),
        frozen boolean NOT NULL DEFAULT false,
        lines jsonb NOT NULL CHECK (jsonb_typeof(lines) = 'array'),
        submitted_at timestamptz NOT NULL,
        submitted_by text NOT NULL,
        reviewed_at timestamptz,
        reviewed_by text,
        review_note text CHECK (review_note IS NULL OR length(review_note) <= 1000),
        accepted boolean NOT NULL DEFAULT false,
        version int NOT NULL DEFAULT 1,
        UNIQUE (round_id, school_id)
      )`);
    await q.query(`CREATE INDEX building_survey_school ON building_survey (school_id)`);

    // ---- durable goods ----
    await q.query(`
      CREATE TABLE asset_code_sequence (
        school_id uuid NOT NULL,
        category_code text NOT NULL REFERENCES asset_category(code),
        fiscal_year int NOT NULL,
        last_number int NOT NULL CHECK (last_number BETWEEN 1 AND 99999),
        PRIMARY KEY (school_id, category_code, fiscal_year)
      )`);
    await q.query(`
      CREATE TABLE procurement (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        school_id uuid NOT NULL,
        fiscal_year int NOT NULL CHECK (fiscal_year BETWEEN 2400 AND 2700),
        reference text NOT NULL CHECK (length(btrim(reference)) BETWEEN 1 AND 60),
        subject text NOT NULL CHECK (length(btrim(subject)) BETWEEN 1 AND 300),
        kind text NOT NULL CHECK (kind IN ('GOODS','WORKS','SERVICES')),
        method text NOT NULL REFERENCES procurement_method_rule(method),
        specific_ground text CHECK (specific_ground IN ('NO_ACCEPTABLE_BID','AMOUNT_WITHIN_LIMIT','SOLE_SUPPLIER','URGENT','ADDITIONAL_TO_CONTRACT','SPECIFIC_SITE')),
        budget numeric(14,2) NOT NULL CHECK (budget > 0),
        median_price numeric(14,2) CHECK (median_price IS NULL OR median_price > 0),
        contract_amount numeric(14,2) NOT NULL CHECK (contract_amount > 0 AND contract_amount <= budget),
        vendor_kind text NOT NULL CHECK (vendor_kind IN ('PERSON','ORGANISATION')),
        vendor_name text NOT NULL,
        vendor_tax_id text CHECK (vendor_tax_id IS NULL OR vendor_tax_id ~ '^[0-9]{13}$'),
        committee_staff_ids uuid[] NOT NULL,
        inspection_committee_staff_ids uuid[],
        project_id uuid,
        payment_voucher_id uuid,
        status text NOT NULL CHECK (status IN ('ORDERED','RECEIVED')),
        ordered_on date NOT NULL,
        received_on date CHECK (received_on IS NULL OR received_on >= ordered_on),
        version int NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX procurement_reference ON procurement (school_id, fiscal_year, lower(reference))`,
    );
    await q.query(
      `CREATE INDEX procurement_school_year ON procurement (school_id, fiscal_year, ordered_on DESC, id)`,
    );
    await q.query(
      `COMMENT ON COLUMN procurement.vendor_name IS 'Personal data when the vendor is a person. ข้อมูลส่วนบุคคลเมื่อผู้ขายเป็นบุคคล'`,
    );
    await q.query(`
      CREATE TABLE procurement_item (
        procurement_id uuid NOT NULL REFERENCES procurement(id),
        line_no int NOT NULL CHECK (line_no BETWEEN 1 AND 50),
        description text NOT NULL CHECK (length(btrim(description)) BETWEEN 1 AND 300),
        quantity int NOT NULL CHECK (quantity BETWEEN 1 AND 10000),
        unit_price numeric(14,2) NOT NULL CHECK (unit_price > 0),
        asset_category_code text REFERENCES asset_category(code),
        asset_usage text CHECK (asset_usage IN ('TEACHING','ADMINISTRATION','OTHER')),
        PRIMARY KEY (procurement_id, line_no)
      )`);
    await q.query(`
      CREATE TABLE asset (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        school_id uuid NOT NULL,
        code text NOT NULL CHECK (code ~ '^[0-9]{4}-[0-9]{3}-[0-9]{4,5}/[0-9]{4}$'),
        category_code text NOT NULL REFERENCES asset_category(code),
        description text NOT NULL CHECK (length(btrim(description)) BETWEEN 1 AND 300),
        brand_model text,
        serial_number text,
        acquisition_method text NOT NULL CHECK (acquisition_method IN ('PURCHASE','DONATION','TRANSFER_IN')),
        acquired_on date NOT NULL,
        cost numeric(14,2) NOT NULL CHECK (cost > 0),
        capitalised boolean NOT NULL,
        useful_life_years int NOT NULL CHECK (useful_life_years BETWEEN 1 AND 100),
        usage text NOT NULL CHECK (usage IN ('TEACHING','ADMINISTRATION','OTHER')),
        location text,
        building_id uuid REFERENCES building(id),
        custodian_staff_id uuid,
        status text NOT NULL DEFAULT 'IN_USE' CHECK (status IN ('IN_USE','DAMAGED','MISSING','PENDING_DISPOSAL','DISPOSED')),
        disposed_on date CHECK (disposed_on IS NULL OR disposed_on > acquired_on),
        procurement_id uuid REFERENCES procurement(id),
        version int NOT NULL DEFAULT 1 CHECK (version > 0),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (school_id, code),
        CHECK ((status = 'DISPOSED') = (disposed_on IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX asset_school_code ON asset (school_id, code, id)`);
    await q.query(
      `CREATE INDEX asset_procurement ON asset (procurement_id) WHERE procurement_id IS NOT NULL`,
    );
    await q.query(
      `COMMENT ON COLUMN asset.custodian_staff_id IS 'Personal data (who holds the asset). ข้อมูลส่วนบุคคล'`,
    );
    await q.query(`
      CREATE TABLE asset_disposal (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        asset_id uuid NOT NULL REFERENCES asset(id),
        school_id uuid NOT NULL,
        method text NOT NULL CHECK (method IN ('SALE','EXCHANGE','TRANSFER','DESTRUCTION','WRITE_OFF')),
        reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 1000),
        proceeds numeric(14,2) CHECK (proceeds IS NULL OR proceeds >= 0),
        recipient text,
        status text NOT NULL CHECK (status IN ('PENDING','APPROVED','REJECTED')),
        asset_status_before text NOT NULL,
        requested_on date NOT NULL,
        requested_by text NOT NULL,
        decided_on date,
        decided_by text,
        disposed_on date,
        decision_note text,
        book_value_at_disposal numeric(14,2),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX asset_disposal_open ON asset_disposal (asset_id) WHERE status IN ('PENDING','APPROVED')`,
    );
    await q.query(`
      CREATE TABLE stock_take (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        school_id uuid NOT NULL,
        fiscal_year int NOT NULL CHECK (fiscal_year BETWEEN 2400 AND 2700),
        started_on date NOT NULL,
        completed_on date,
        status text NOT NULL CHECK (status IN ('IN_PROGRESS','COMPLETED')),
        committee_staff_ids uuid[] NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (school_id, fiscal_year)
      )`);
    // One row per asset on the register when the stock-take opened; result null until counted.
    await q.query(`
      CREATE TABLE stock_take_item (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        stock_take_id uuid NOT NULL REFERENCES stock_take(id),
        school_id uuid NOT NULL,
        asset_id uuid NOT NULL REFERENCES asset(id),
        asset_code text NOT NULL,
        result text CHECK (result IN ('FOUND','MISSING','DAMAGED')),
        note text CHECK (note IS NULL OR length(note) <= 1000),
        counted_on date,
        counted_by text,
        UNIQUE (stock_take_id, asset_id)
      )`);
    await q.query(`CREATE INDEX stock_take_item_order ON stock_take_item (stock_take_id, asset_code, id)`);

    // ---- infrastructure ----
    await q.query(`
      CREATE TABLE infrastructure (
        school_id uuid PRIMARY KEY,
        internet_connected boolean NOT NULL,
        internet_provider text,
        internet_type text NOT NULL CHECK (internet_type IN ('FIBRE','DSL','MOBILE','SATELLITE','LEASED_LINE','NONE')),
        download_mbps int CHECK (download_mbps BETWEEN 0 AND 100000),
        upload_mbps int CHECK (upload_mbps BETWEEN 0 AND 100000),
        electricity text NOT NULL CHECK (electricity IN ('GRID','SOLAR','GRID_AND_SOLAR','GENERATOR','NONE')),
        water_sources text[] NOT NULL CHECK (cardinality(water_sources) >= 1),
        reported_on date NOT NULL,
        reported_by text NOT NULL,
        version int NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (internet_connected = (internet_type <> 'NONE'))
      )`);

    // ---- per-school figures the area and province summaries add up (kept in the writers' transactions) ----
    await q.query(`
      CREATE TABLE school_asset_summary (
        school_id uuid PRIMARY KEY,
        good int NOT NULL DEFAULT 0,
        needs_repair int NOT NULL DEFAULT 0,
        dilapidated int NOT NULL DEFAULT 0,
        unsafe int NOT NULL DEFAULT 0,
        internet boolean,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE school_asset_value (
        fiscal_year int NOT NULL,
        school_id uuid NOT NULL,
        assets int NOT NULL,
        capitalised int NOT NULL,
        cost numeric(16,2) NOT NULL,
        book_value numeric(16,2) NOT NULL,
        PRIMARY KEY (fiscal_year, school_id)
      )`);
    await q.query(`CREATE INDEX school_asset_value_school ON school_asset_value (school_id)`);
    // The fiscal years whose per-school values are materialised (the others are computed on first use).
    await q.query(`
      CREATE TABLE asset_value_year (
        fiscal_year int PRIMARY KEY,
        materialised_at timestamptz NOT NULL DEFAULT now()
      )`);

    // ---- demo data: which schools got theirs (once per OBEC code) ----
    await q.query(
      `CREATE TABLE demo_school (obec_code text PRIMARY KEY, seeded_at timestamptz NOT NULL DEFAULT now())`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'demo_school',
      'asset_value_year',
      'school_asset_value',
      'school_asset_summary',
      'infrastructure',
      'stock_take_item',
      'stock_take',
      'asset_disposal',
      'asset',
      'procurement_item',
      'procurement',
      'asset_code_sequence',
      'building_survey',
      'building_survey_round',
      'building_repair',
      'building',
      'procurement_method_rule',
      'capitalisation_threshold',
      'asset_category',
      'building_model',
      'building_type',
    ])
      await q.query(`DROP TABLE ${table}`);
  }
}
