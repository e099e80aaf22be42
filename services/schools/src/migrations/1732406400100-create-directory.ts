import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDirectory1732406400100 implements MigrationInterface {
  name = 'CreateDirectory1732406400100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`
      CREATE TABLE region (
        code text PRIMARY KEY,
        name_th text NOT NULL,
        name_en text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE province (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE CHECK (code ~ '^[0-9]{2}$'),
        name_th text NOT NULL,
        name_en text NOT NULL,
        region_code text NOT NULL REFERENCES region(code)
      )`);
    await q.query(`
      CREATE TABLE district (
        code text PRIMARY KEY CHECK (code ~ '^[0-9]{4}$'),
        province_code text NOT NULL REFERENCES province(code),
        name_th text NOT NULL,
        name_en text NOT NULL
      )`);
    await q.query(`CREATE INDEX district_province ON district (province_code)`);
    await q.query(`
      CREATE TABLE area_office (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE CHECK (code ~ '^[0-9]{4}$'),
        kind text NOT NULL CHECK (kind IN ('PRIMARY','SECONDARY')),
        name_th text NOT NULL,
        name_en text NOT NULL,
        province_code text NOT NULL REFERENCES province(code)
      )`);
    await q.query(`CREATE INDEX area_office_province ON area_office (province_code)`);
    await q.query(`
      CREATE TABLE area_office_district (
        area_office_code text NOT NULL REFERENCES area_office(code),
        district_code text NOT NULL REFERENCES district(code),
        PRIMARY KEY (area_office_code, district_code)
      )`);
    await q.query(`
      CREATE TABLE school (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        obec_code text NOT NULL UNIQUE CHECK (obec_code ~ '^[0-9]{10}$'),
        smis_code text NOT NULL UNIQUE CHECK (smis_code ~ '^[0-9]{8}$'),
        name_th text NOT NULL CHECK (length(btrim(name_th)) > 0),
        name_en text,
        area_office_code text NOT NULL REFERENCES area_office(code),
        province_code text NOT NULL REFERENCES province(code),
        district_code text NOT NULL REFERENCES district(code),
        latitude numeric(9,6) CHECK (latitude BETWEEN -90 AND 90),
        longitude numeric(9,6) CHECK (longitude BETWEEN -180 AND 180),
        levels text[] NOT NULL,
        school_type text NOT NULL,
        special_programmes text[] NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN','MERGED','CLOSED')),
        merged_into_id uuid REFERENCES school(id),
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX school_area_office ON school (area_office_code, obec_code)`);
    await q.query(`CREATE INDEX school_province ON school (province_code, obec_code)`);
    await q.query(`CREATE INDEX school_district ON school (district_code, obec_code)`);
    // Trigram indexes: substring search on Thai names (Thai has no spaces between words, so
    // English full-text search does not apply). Needs a UTF-8 LC_CTYPE such as C.UTF-8.
    await q.query(`CREATE INDEX school_name_th_trgm ON school USING gin (name_th gin_trgm_ops)`);
    await q.query(`CREATE INDEX school_name_en_trgm ON school USING gin (lower(name_en) gin_trgm_ops)`);
    await q.query(`
      CREATE TABLE school_status_change (
        id bigserial PRIMARY KEY,
        school_id uuid NOT NULL REFERENCES school(id),
        from_status text,
        to_status text NOT NULL,
        reason text,
        effective_date date NOT NULL,
        merged_into_id uuid REFERENCES school(id),
        changed_by text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX school_status_change_school ON school_status_change (school_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'school_status_change',
      'school',
      'area_office_district',
      'area_office',
      'district',
      'province',
      'region',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
