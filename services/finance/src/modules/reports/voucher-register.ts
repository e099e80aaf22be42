import type { ReportTable } from '@smss/files';
import type { ExportAccess } from '../../trust';
import type { ActionPlanRepository } from '../action-plan/action-plan.repository';
import type { PaymentsRepository } from '../payments/payments.repository';

/**
 * The payment voucher register (ทะเบียนคุมฎีกา) of one school and fiscal year as an export table.
 * Payee names and tax IDs are written exactly as the trust layer would show them to this viewer:
 * masked without `pii:read` (a proven company's stay readable), and — when unmasked — every
 * voucher's payee read is in the personal-data audit (one INSERT for the whole export) before the
 * file is made. The caller has checked the viewer may see the school's records.
 */
export async function voucherRegisterTable(
  deps: { payments: PaymentsRepository; plans: ActionPlanRepository },
  access: ExportAccess,
  schoolId: string,
  fiscalYear: number,
  maxRows: number,
): Promise<{ table: ReportTable; total: number }> {
  const { rows, total } = await deps.payments.vouchers(schoolId, fiscalYear, null, maxRows + 1, 0);
  // Second wall: only this school's vouchers, whatever the query returned.
  const vouchers = rows.filter((v) => v.schoolId === schoolId);
  const projectIds = [...new Set(vouchers.map((v) => v.projectId).filter((id): id is string => !!id))];
  const projectCode = new Map((await deps.plans.projectsByIds(projectIds)).map((p) => [p.id, p.code]));
  const payee = (v: (typeof vouchers)[number]) => ({ kind: v.payeeKind, taxId: v.payeeTaxId });
  const shown = await access.revealAll(
    vouchers.flatMap((v) => [
      {
        recordType: 'PaymentVoucher',
        recordId: v.id,
        typeName: 'Payee',
        field: 'name',
        value: v.payeeName,
        obj: payee(v),
      },
      {
        recordType: 'PaymentVoucher',
        recordId: v.id,
        typeName: 'Payee',
        field: 'taxId',
        value: v.payeeTaxId,
        obj: payee(v),
      },
    ]),
  );
  return {
    total,
    table: {
      sheetName: 'Vouchers',
      columns: [
        { key: 'number', header: 'voucher_number เลขที่ฎีกา' },
        { key: 'date', header: 'date วันที่' },
        { key: 'status', header: 'status สถานะ' },
        { key: 'project', header: 'project_code รหัสโครงการ' },
        { key: 'source', header: 'money_source แหล่งเงิน' },
        { key: 'payeeKind', header: 'payee_kind ประเภทผู้รับเงิน' },
        { key: 'payeeName', header: 'payee ผู้รับเงิน', width: 32 },
        { key: 'payeeTaxId', header: 'payee_tax_id เลขประจำตัวผู้เสียภาษี', width: 18 },
        { key: 'description', header: 'description รายการ', width: 40 },
        { key: 'gross', header: 'gross จำนวนเงินรวม', money: true },
        { key: 'wht', header: 'withholding_tax ภาษีหัก ณ ที่จ่าย', money: true },
        { key: 'net', header: 'net จ่ายสุทธิ', money: true },
      ],
      rows: vouchers.map((v, i) => ({
        number: `${v.number}/${v.fiscalYear}`,
        date: v.date,
        status: v.status,
        project: v.projectId ? (projectCode.get(v.projectId) ?? null) : null,
        source: v.moneySourceCode,
        payeeKind: v.payeeKind,
        payeeName: (shown[2 * i] as string | null) ?? null,
        payeeTaxId: (shown[2 * i + 1] as string | null) ?? null,
        description: v.description,
        gross: v.grossAmount,
        wht: v.withholdingTax,
        net: v.netAmount,
      })),
    },
  };
}
