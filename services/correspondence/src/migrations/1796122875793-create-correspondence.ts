import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The correspondence tables. An organisation (`org_code`) is 'OBEC', a 4-digit area office code or a
 * 10-digit OBEC school code; where a school sits is read from `directory_school_replica` at query time.
 * Codes are text with CHECKs, never char(n). Numbers are gapless per register and calendar year: the
 * counter row is incremented inside the transaction that writes the entry, so a rollback returns the
 * number, and the unique key refuses a duplicate.
 */
export class CreateCorrespondence1796122875793 implements MigrationInterface {
  name = 'CreateCorrespondence1796122875793';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    const org = (col: string) => `CHECK (${col} = 'OBEC' OR ${col} ~ '^[0-9]{4}$' OR ${col} ~ '^[0-9]{10}$')`;
    await q.query(`
      CREATE TABLE correspondence_unit (
        org_code text PRIMARY KEY ${org('org_code')},
        name_th text NOT NULL CHECK (length(btrim(name_th)) BETWEEN 1 AND 300),
        letter_code text NOT NULL CHECK (length(btrim(letter_code)) BETWEEN 1 AND 40),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE secret_registrar (
        org_code text NOT NULL ${org('org_code')},
        subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
        designated_by text NOT NULL,
        designated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_code, subject)
      )`);
    await q.query(`CREATE INDEX secret_registrar_subject ON secret_registrar (subject)`);
    await q.query(`
      CREATE TABLE retention_rule (
        code text PRIMARY KEY,
        years int CHECK (years IS NULL OR years BETWEEN 1 AND 100),
        name_th text NOT NULL,
        name_en text NOT NULL,
        source text NOT NULL,
        verified boolean NOT NULL,
        sort int NOT NULL
      )`);
    await q.query(`
      CREATE TABLE letter (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        holder_org text NOT NULL ${org('holder_org')},
        external boolean NOT NULL DEFAULT false,
        kind text NOT NULL CHECK (kind IN ('EXTERNAL','INTERNAL','STAMPED','DIRECTIVE','PUBLIC_RELATIONS','OFFICIAL_RECORD')),
        form text CHECK (form IN ('ORDER','REGULATION','BYLAW','ANNOUNCEMENT','STATEMENT','NEWS','CERTIFICATE','MINUTES','MEMO','OTHER')),
        document_number text CHECK (length(document_number) <= 100),
        letter_date date NOT NULL,
        subject text NOT NULL CHECK (length(btrim(subject)) BETWEEN 1 AND 500),
        from_text text NOT NULL CHECK (length(btrim(from_text)) BETWEEN 1 AND 300),
        to_text text NOT NULL CHECK (length(btrim(to_text)) BETWEEN 1 AND 1000),
        reference text CHECK (length(reference) <= 1000),
        enclosures text CHECK (length(enclosures) <= 1000),
        body text CHECK (length(body) <= 10000),
        signed_by text CHECK (length(signed_by) <= 200),
        signer_position text CHECK (length(signer_position) <= 200),
        urgency text NOT NULL CHECK (urgency IN ('NORMAL','URGENT','VERY_URGENT','MOST_URGENT')),
        due_at timestamptz,
        secrecy text NOT NULL CHECK (secrecy IN ('NORMAL','CONFIDENTIAL','SECRET','TOP_SECRET')),
        channel text NOT NULL CHECK (channel IN ('ELECTRONIC','PAPER')),
        circular boolean NOT NULL DEFAULT false,
        retention_code text NOT NULL REFERENCES retention_rule (code),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        -- The 2564 amendment: ลับที่สุด never travels electronically, and its text stays on paper.
        CHECK (secrecy <> 'TOP_SECRET' OR (channel = 'PAPER' AND body IS NULL))
      )`);
    await q.query(`CREATE INDEX letter_holder ON letter (holder_org, created_at DESC, id)`);
    await q.query(`CREATE INDEX letter_created ON letter (created_at DESC, id)`);
    await q.query(
      `CREATE INDEX letter_search ON letter USING gin ((subject || ' ' || coalesce(document_number, '') || ' ' || from_text || ' ' || to_text) gin_trgm_ops)`,
    );
    await q.query(`
      CREATE TABLE letter_named_person (
        letter_id uuid NOT NULL REFERENCES letter (id) ON DELETE CASCADE,
        subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
        PRIMARY KEY (letter_id, subject)
      )`);
    await q.query(`CREATE INDEX letter_named_person_subject ON letter_named_person (subject)`);
    await q.query(`
      CREATE TABLE delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        letter_id uuid NOT NULL REFERENCES letter (id),
        recipient_org text NOT NULL ${org('recipient_org')},
        recipient_school_id uuid,
        recipient_area text CHECK (recipient_area ~ '^[0-9]{4}$'),
        sender_org text NOT NULL ${org('sender_org')},
        parent_id uuid REFERENCES delivery (id),
        channel text NOT NULL CHECK (channel IN ('ELECTRONIC','PAPER')),
        sent_at timestamptz NOT NULL,
        due_at timestamptz,
        received_at timestamptz,
        acknowledged_at timestamptz,
        acknowledged_by text,
        acknowledgement_note text CHECK (length(acknowledgement_note) <= 1000),
        UNIQUE (letter_id, recipient_org)
      )`);
    await q.query(`CREATE INDEX delivery_inbox ON delivery (recipient_org, sent_at DESC, id)`);
    await q.query(`CREATE INDEX delivery_area ON delivery (recipient_area, sent_at DESC)`);
    await q.query(`CREATE INDEX delivery_sender ON delivery (sender_org, sent_at DESC)`);
    await q.query(
      `CREATE INDEX delivery_open_due ON delivery (due_at) WHERE acknowledged_at IS NULL AND due_at IS NOT NULL`,
    );
    await q.query(`CREATE INDEX delivery_parent ON delivery (parent_id) WHERE parent_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE register_counter (
        org_code text NOT NULL ${org('org_code')},
        kind text NOT NULL,
        year int NOT NULL CHECK (year BETWEEN 2400 AND 2700),
        last_number int NOT NULL CHECK (last_number > 0),
        PRIMARY KEY (org_code, kind, year)
      )`);
    await q.query(`
      CREATE TABLE register_entry (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_code text NOT NULL ${org('org_code')},
        kind text NOT NULL CHECK (kind IN ('RECEIVE','SEND','CIRCULAR','ORDER','CERTIFICATE')),
        year int NOT NULL CHECK (year BETWEEN 2400 AND 2700),
        number int NOT NULL CHECK (number > 0),
        registered_at timestamptz NOT NULL,
        letter_id uuid NOT NULL REFERENCES letter (id),
        delivery_id uuid REFERENCES delivery (id),
        action text CHECK (length(action) <= 1000),
        remarks text CHECK (length(remarks) <= 1000),
        registered_by text NOT NULL,
        destruction_list_id uuid,
        UNIQUE (org_code, kind, year, number)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX register_entry_receipt ON register_entry (delivery_id) WHERE delivery_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX register_entry_letter ON register_entry (letter_id)`);
    await q.query(`
      CREATE TABLE endorsement (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        delivery_id uuid NOT NULL REFERENCES delivery (id),
        step int NOT NULL CHECK (step > 0),
        assigned_role text,
        assigned_subject text,
        status text NOT NULL CHECK (status IN ('PENDING','DONE')),
        comment text CHECK (length(comment) <= 2000),
        decided_by text,
        decided_at timestamptz,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (delivery_id, step),
        CHECK (assigned_role IS NOT NULL OR assigned_subject IS NOT NULL)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX endorsement_one_open ON endorsement (delivery_id) WHERE status = 'PENDING'`,
    );
    await q.query(`
      CREATE TABLE attachment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_org text NOT NULL ${org('owner_org')},
        letter_id uuid REFERENCES letter (id),
        file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
        content_type text NOT NULL,
        byte_size int NOT NULL CHECK (byte_size > 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        uploaded_by text NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX attachment_letter ON attachment (letter_id) WHERE letter_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE destruction_list (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_code text NOT NULL ${org('org_code')},
        year int NOT NULL CHECK (year BETWEEN 2400 AND 2700),
        due_on date NOT NULL,
        status text NOT NULL CHECK (status IN ('DRAFT','APPROVED')),
        committee jsonb NOT NULL DEFAULT '[]',
        approved_on date,
        approved_by text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (org_code, year)
      )`);
    await q.query(
      `ALTER TABLE register_entry ADD CONSTRAINT register_entry_destruction FOREIGN KEY (destruction_list_id) REFERENCES destruction_list (id)`,
    );
    await q.query(`
      CREATE TABLE notification_preference (
        subject text PRIMARY KEY,
        org_code text NOT NULL ${org('org_code')},
        email text CHECK (length(email) <= 254),
        line_user_id text CHECK (line_user_id ~ '^U[0-9a-f]{32}$'),
        on_dispatch boolean NOT NULL,
        on_due_reminder boolean NOT NULL,
        on_urgent_deadline boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX notification_preference_org ON notification_preference (org_code)`);
    await q.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('DISPATCHED','DUE_REMINDER','URGENT_DEADLINE')),
        delivery_id uuid NOT NULL REFERENCES delivery (id),
        subject text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('EMAIL','LINE')),
        address text NOT NULL,
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING','SENT','FAILED')),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        UNIQUE (delivery_id, kind, subject, channel)
      )`);
    await q.query(
      `CREATE INDEX notification_pending ON notification (next_attempt_at) WHERE status = 'PENDING'`,
    );
    for (const [col, what] of [
      ['letter.signed_by', 'the signatory'],
      ['letter.created_by', 'who recorded it'],
      ['delivery.acknowledged_by', 'who acknowledged it'],
      ['notification_preference.email', 'an e-mail address'],
      ['notification_preference.line_user_id', 'a LINE user id'],
    ])
      await q.query(`COMMENT ON COLUMN ${col} IS 'Personal data (${what}). ข้อมูลส่วนบุคคล'`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'notification',
      'notification_preference',
      'register_entry',
      'destruction_list',
      'attachment',
      'endorsement',
      'register_counter',
      'delivery',
      'letter_named_person',
      'letter',
      'retention_rule',
      'secret_registrar',
      'correspondence_unit',
    ])
      await q.query(`DROP TABLE IF EXISTS ${t} CASCADE`);
  }
}
