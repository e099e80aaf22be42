import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A release: the area office of a person's current post consents to their transfer to another area
 * office, whose office may then make the transfer (once: `transfer_appointment_id` records which).
 */
export class CreateStaffRelease1764547200301 implements MigrationInterface {
  name = 'CreateStaffRelease1764547200301';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE staff_release (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        staff_id uuid NOT NULL REFERENCES staff(id),
        appointment_id uuid NOT NULL REFERENCES appointment(id),
        to_area_office_code text NOT NULL CHECK (to_area_office_code ~ '^[0-9]{4}$'),
        order_reference text,
        released_by text NOT NULL,
        released_at timestamptz NOT NULL DEFAULT now(),
        transfer_appointment_id uuid REFERENCES appointment(id)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX staff_release_one_open ON staff_release (appointment_id) WHERE transfer_appointment_id IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE staff_release`);
  }
}
