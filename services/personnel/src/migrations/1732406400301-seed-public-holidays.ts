import type { MigrationInterface, QueryRunner } from 'typeorm';

type Kind = 'STATUTORY' | 'SUBSTITUTE' | 'SPECIAL';
type Row = [date: string, nameTh: string, nameEn: string, kind: Kind, provisional?: boolean];

/**
 * Official holidays of the Thai civil service for the calendar years B.E. 2568–2570 (2025–2027),
 * used to count leave in working days (weekends are never working days and are not listed here,
 * except holidays that fall on one, for completeness).
 *
 * SOURCE: the Cabinet's annual resolutions on official holidays (มติคณะรัฐมนตรี เรื่อง
 * วันหยุดราชการประจำปี) published by the Secretariat of the Cabinet (www.soc.go.th), which fix
 * the dates of the national and royal holidays and the Buddhist holidays of the lunar calendar.
 * Substitute days (วันหยุดชดเชย) follow the Cabinet rule that a holiday falling on a Saturday or
 * Sunday is replaced by the next working day.
 *
 * PROVISIONAL rows: the lunar holidays (Makha, Visakha and Asalha Bucha, Buddhist Lent) of 2569
 * and 2570 were derived here from the lunar calendar (2569 has the extra eighth month, which moves
 * Makha and Visakha Bucha one month later); 2570 had not been announced when this was written.
 * Confirm them against the Cabinet's announcement and correct them, and add special holidays the
 * Cabinet declares during the year, with the `recordPublicHoliday` mutation (OBEC administrators).
 * Years missing from this table are refused when counting leave rather than counted without holidays.
 */
const HOLIDAYS: Row[] = [
  // B.E. 2568 (2025)
  ['2025-01-01', 'วันขึ้นปีใหม่', "New Year's Day", 'STATUTORY'],
  ['2025-02-12', 'วันมาฆบูชา', 'Makha Bucha Day', 'STATUTORY'],
  ['2025-04-06', 'วันจักรี', 'Chakri Memorial Day', 'STATUTORY'],
  ['2025-04-07', 'วันหยุดชดเชยวันจักรี', 'Substitute for Chakri Memorial Day', 'SUBSTITUTE'],
  ['2025-04-13', 'วันสงกรานต์', 'Songkran Festival', 'STATUTORY'],
  ['2025-04-14', 'วันสงกรานต์', 'Songkran Festival', 'STATUTORY'],
  ['2025-04-15', 'วันสงกรานต์', 'Songkran Festival', 'STATUTORY'],
  ['2025-04-16', 'วันหยุดชดเชยวันสงกรานต์', 'Substitute for Songkran Festival', 'SUBSTITUTE'],
  ['2025-05-04', 'วันฉัตรมงคล', 'Coronation Day', 'STATUTORY'],
  ['2025-05-05', 'วันหยุดชดเชยวันฉัตรมงคล', 'Substitute for Coronation Day', 'SUBSTITUTE'],
  ['2025-05-11', 'วันวิสาขบูชา', 'Visakha Bucha Day', 'STATUTORY'],
  ['2025-05-12', 'วันหยุดชดเชยวันวิสาขบูชา', 'Substitute for Visakha Bucha Day', 'SUBSTITUTE'],
  ['2025-06-03', 'วันเฉลิมพระชนมพรรษาสมเด็จพระราชินี', "H.M. the Queen's Birthday", 'STATUTORY'],
  ['2025-07-10', 'วันอาสาฬหบูชา', 'Asalha Bucha Day', 'STATUTORY'],
  ['2025-07-11', 'วันเข้าพรรษา', 'Buddhist Lent Day', 'STATUTORY'],
  ['2025-07-28', 'วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว', "H.M. the King's Birthday", 'STATUTORY'],
  ['2025-08-12', 'วันแม่แห่งชาติ', "H.M. Queen Sirikit The Queen Mother's Birthday / Mother's Day", 'STATUTORY'],
  ['2025-10-13', 'วันนวมินทรมหาราช', 'King Bhumibol Adulyadej The Great Memorial Day', 'STATUTORY'],
  ['2025-10-23', 'วันปิยมหาราช', 'King Chulalongkorn Memorial Day', 'STATUTORY'],
  ['2025-12-05', 'วันพ่อแห่งชาติ', "King Bhumibol's Birthday / National Day / Father's Day", 'STATUTORY'],
  ['2025-12-10', 'วันรัฐธรรมนูญ', 'Constitution Day', 'STATUTORY'],
  ['2025-12-31', 'วันสิ้นปี', "New Year's Eve", 'STATUTORY'],
  // B.E. 2569 (2026)
  ['2026-01-01', 'วันขึ้นปีใหม่', "New Year's Day", 'STATUTORY'],
  ['2026-03-03', 'วันมาฆบูชา', 'Makha Bucha Day', 'STATUTORY', true],
  ['2026-04-06', 'วันจักรี', 'Chakri Memorial Day', 'STATUTORY'],
  ['2026-04-13', 'วันสงกรานต์', 'Songkran Festival', 'STATUTORY'],
  ['2026-04-14', 'วันสงกรานต์', 'Songkran Festival', 'STATUTORY'],
  ['2026-04-15', 'วันสงกรานต์', 'Songkran Festival', 'STATUTORY'],
  ['2026-05-04', 'วันฉัตรมงคล', 'Coronation Day', 'STATUTORY'],
  ['2026-05-31', 'วันวิสาขบูชา', 'Visakha Bucha Day', 'STATUTORY', true],
  ['2026-06-01', 'วันหยุดชดเชยวันวิสาขบูชา', 'Substitute for Visakha Bucha Day', 'SUBSTITUTE', true],
  ['2026-06-03', 'วันเฉลิมพระชนมพรรษาสมเด็จพระราชินี', "H.M. the Queen's Birthday", 'STATUTORY'],
  ['2026-07-28', 'วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว', "H.M. the King's Birthday", 'STATUTORY'],
  ['2026-07-29', 'วันอาสาฬหบูชา', 'Asalha Bucha Day', 'STATUTORY', true],
  ['2026-07-30', 'วันเข้าพรรษา', 'Buddhist Lent Day', 'STATUTORY', true],
  ['2026-08-12', 'วันแม่แห่งชาติ', "H.M. Queen Sirikit The Queen Mother's Birthday / Mother's Day", 'STATUTORY'],
  ['2026-10-13', 'วันนวมินทรมหาราช', 'King Bhumibol Adulyadej The Great Memorial Day', 'STATUTORY'],
  ['2026-10-23', 'วันปิยมหาราช', 'King Chulalongkorn Memorial Day', 'STATUTORY'],
  ['2026-12-05', 'วันพ่อแห่งชาติ', "King Bhumibol's Birthday / National Day / Father's Day", 'STATUTORY'],
  ['2026-12-07', 'วันหยุดชดเชยวันพ่อแห่งชาติ', "Substitute for Father's Day", 'SUBSTITUTE'],
  ['2026-12-10', 'วันรัฐธรรมนูญ', 'Constitution Day', 'STATUTORY'],
  ['2026-12-31', 'วันสิ้นปี', "New Year's Eve", 'STATUTORY'],
  // B.E. 2570 (2027), not yet announced: fixed dates by the annual pattern, lunar dates provisional
  ['2027-01-01', 'วันขึ้นปีใหม่', "New Year's Day", 'STATUTORY'],
  ['2027-02-20', 'วันมาฆบูชา', 'Makha Bucha Day', 'STATUTORY', true],
  ['2027-02-22', 'วันหยุดชดเชยวันมาฆบูชา', 'Substitute for Makha Bucha Day', 'SUBSTITUTE', true],
  ['2027-04-06', 'วันจักรี', 'Chakri Memorial Day', 'STATUTORY'],
  ['2027-04-13', 'วันสงกรานต์', 'Songkran Festival', 'STATUTORY'],
  ['2027-04-14', 'วันสงกรานต์', 'Songkran Festival', 'STATUTORY'],
  ['2027-04-15', 'วันสงกรานต์', 'Songkran Festival', 'STATUTORY'],
  ['2027-05-04', 'วันฉัตรมงคล', 'Coronation Day', 'STATUTORY'],
  ['2027-05-20', 'วันวิสาขบูชา', 'Visakha Bucha Day', 'STATUTORY', true],
  ['2027-06-03', 'วันเฉลิมพระชนมพรรษาสมเด็จพระราชินี', "H.M. the Queen's Birthday", 'STATUTORY'],
  ['2027-07-18', 'วันอาสาฬหบูชา', 'Asalha Bucha Day', 'STATUTORY', true],
  ['2027-07-19', 'วันเข้าพรรษา', 'Buddhist Lent Day', 'STATUTORY', true],
  ['2027-07-20', 'วันหยุดชดเชยวันอาสาฬหบูชา', 'Substitute for Asalha Bucha Day', 'SUBSTITUTE', true],
  ['2027-07-28', 'วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว', "H.M. the King's Birthday", 'STATUTORY'],
  ['2027-08-12', 'วันแม่แห่งชาติ', "H.M. Queen Sirikit The Queen Mother's Birthday / Mother's Day", 'STATUTORY'],
  ['2027-10-13', 'วันนวมินทรมหาราช', 'King Bhumibol Adulyadej The Great Memorial Day', 'STATUTORY'],
  ['2027-10-23', 'วันปิยมหาราช', 'King Chulalongkorn Memorial Day', 'STATUTORY'],
  ['2027-10-25', 'วันหยุดชดเชยวันปิยมหาราช', 'Substitute for King Chulalongkorn Memorial Day', 'SUBSTITUTE'],
  ['2027-12-05', 'วันพ่อแห่งชาติ', "King Bhumibol's Birthday / National Day / Father's Day", 'STATUTORY'],
  ['2027-12-06', 'วันหยุดชดเชยวันพ่อแห่งชาติ', "Substitute for Father's Day", 'SUBSTITUTE'],
  ['2027-12-10', 'วันรัฐธรรมนูญ', 'Constitution Day', 'STATUTORY'],
  ['2027-12-31', 'วันสิ้นปี', "New Year's Eve", 'STATUTORY'],
];

const SOURCE_ANNOUNCED = 'มติคณะรัฐมนตรี เรื่อง วันหยุดราชการประจำปี (Cabinet resolution on official holidays)';
const SOURCE_FIXED_2570 =
  'Fixed-date holiday and weekend substitute by the annual pattern (Cabinet resolution for 2570 pending)';
const SOURCE_PROVISIONAL =
  'Provisional: derived from the lunar calendar; confirm against the Cabinet resolution';

/** Exposed for the migration's own test: every row as the table stores it. */
export const SEEDED_PUBLIC_HOLIDAYS = HOLIDAYS.map(([date, nameTh, nameEn, kind, provisional = false]) => ({
  date,
  nameTh,
  nameEn,
  kind,
  provisional,
  source: provisional ? SOURCE_PROVISIONAL : date.startsWith('2027') ? SOURCE_FIXED_2570 : SOURCE_ANNOUNCED,
}));

export class SeedPublicHolidays1732406400301 implements MigrationInterface {
  name = 'SeedPublicHolidays1732406400301';

  async up(q: QueryRunner): Promise<void> {
    const rows = SEEDED_PUBLIC_HOLIDAYS;
    await q.query(
      `INSERT INTO public_holiday (holiday_date, name_th, name_en, kind, provisional, source)
       SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::text[])`,
      [
        rows.map((r) => r.date),
        rows.map((r) => r.nameTh),
        rows.map((r) => r.nameEn),
        rows.map((r) => r.kind),
        rows.map((r) => r.provisional),
        rows.map((r) => r.source),
      ],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM public_holiday WHERE recorded_by = 'migration'`);
  }
}
