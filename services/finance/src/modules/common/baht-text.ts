import ThaiBahtText from 'thai-baht-text';
import { money, toMoneyString } from '@smss/money';

/**
 * An amount in Thai words for vouchers and receipts: "1500.50" → หนึ่งพันห้าร้อยบาทห้าสิบสตางค์.
 * Uses `thai-baht-text` with the canonical decimal STRING (never a JS number); the library parses
 * it internally, which is exact for NUMERIC(14,2) amounts (at most 14 significant digits).
 */
export function bahtText(amount: string): string {
  const canonical = toMoneyString(amount);
  const value = money(canonical);
  if (value.isNegative()) throw new RangeError('Amounts in words must not be negative');
  if (value.isZero()) return 'ศูนย์บาทถ้วน';
  return ThaiBahtText(canonical);
}
