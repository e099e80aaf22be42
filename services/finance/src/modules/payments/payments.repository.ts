import type { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '@smss/db';

export type VoucherStatus = 'PENDING_APPROVAL' | 'APPROVED' | 'CANCELLED';

export interface ReceiptRow {
  id: string;
  schoolId: string;
  fiscalYear: number;
  number: number;
  date: string;
  moneySourceCode: string;
  amount: string;
  payer: string;
  description: string;
  reference: string | null;
  recordedBy: string;
  recordedAt: Date;
}

export interface VoucherRow {
  id: string;
  schoolId: string;
  fiscalYear: number;
  number: number;
  date: string;
  status: VoucherStatus;
  projectId: string | null;
  activityId: string | null;
  moneySourceCode: string;
  payeeKind: 'PERSON' | 'ORGANISATION';
  payeeName: string;
  payeeTaxId: string | null;
  description: string;
  grossAmount: string;
  withholdingTaxPercent: string;
  withholdingTax: string;
  netAmount: string;
  preparedBy: string;
  preparedAt: Date;
  approvedBy: string | null;
  approvedAt: Date | null;
  cancelReason: string | null;
  version: number;
}

export interface VoucherLineRow {
  voucherId: string;
  lineNo: number;
  description: string;
  amount: string;
}

export interface MoneyReturnRow {
  id: string;
  schoolId: string;
  fiscalYear: number;
  date: string;
  kind: 'RETURNED_TO_SOURCE' | 'REFUND_FROM_PAYEE';
  moneySourceCode: string;
  projectId: string | null;
  voucherId: string | null;
  amount: string;
  reason: string;
  recordedBy: string;
  recordedAt: Date;
}

const RECEIPT_COLUMNS = `id, school_id AS "schoolId", fiscal_year AS "fiscalYear", number,
  to_char(receipt_date, 'YYYY-MM-DD') AS date, money_source_code AS "moneySourceCode", amount, payer, description,
  reference, recorded_by AS "recordedBy", recorded_at AS "recordedAt"`;

const VOUCHER_COLUMNS = `id, school_id AS "schoolId", fiscal_year AS "fiscalYear", number,
  to_char(voucher_date, 'YYYY-MM-DD') AS date, status, project_id AS "projectId", activity_id AS "activityId",
  money_source_code AS "moneySourceCode", payee_kind AS "payeeKind", payee_name AS "payeeName",
  payee_tax_id AS "payeeTaxId", description, gross_amount AS "grossAmount",
  withholding_tax_percent AS "withholdingTaxPercent", withholding_tax AS "withholdingTax", net_amount AS "netAmount",
  prepared_by AS "preparedBy", prepared_at AS "preparedAt", approved_by AS "approvedBy", approved_at AS "approvedAt",
  cancel_reason AS "cancelReason", version`;

const RETURN_COLUMNS = `id, school_id AS "schoolId", fiscal_year AS "fiscalYear", to_char(return_date, 'YYYY-MM-DD') AS date,
  kind, money_source_code AS "moneySourceCode", project_id AS "projectId", voucher_id AS "voucherId", amount, reason,
  recorded_by AS "recordedBy", recorded_at AS "recordedAt"`;

export interface VoucherFields {
  date: string;
  fiscalYear: number;
  projectId: string | null;
  activityId: string | null;
  moneySourceCode: string;
  payeeKind: 'PERSON' | 'ORGANISATION';
  payeeName: string;
  payeeTaxId: string | null;
  description: string;
  grossAmount: string;
  withholdingTaxPercent: string;
  withholdingTax: string;
  netAmount: string;
  lines: Array<{ description: string; amount: string }>;
}

/** Receipts, payment vouchers, money returned and their running numbers. */
export class PaymentsRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * The next running number of a document kind for a school and fiscal year. The counter row is
   * locked until the caller's transaction ends and a rollback gives the number back: concurrent
   * writers get consecutive numbers and the register has no gaps.
   */
  async nextNumber(
    manager: EntityManager,
    schoolId: string,
    fiscalYear: number,
    kind: 'VOUCHER' | 'RECEIPT',
  ): Promise<number> {
    const [row] = await manager.query(
      `INSERT INTO document_sequence (school_id, fiscal_year, kind, last_number) VALUES ($1,$2,$3,1)
       ON CONFLICT (school_id, fiscal_year, kind) DO UPDATE SET last_number = document_sequence.last_number + 1
       RETURNING last_number`,
      [schoolId, fiscalYear, kind],
    );
    return row.last_number;
  }

  async insertReceipt(
    manager: EntityManager,
    r: Omit<ReceiptRow, 'id' | 'recordedAt' | 'recordedBy'>,
    actor: string,
  ): Promise<ReceiptRow> {
    const [row] = await manager.query(
      `INSERT INTO receipt (school_id, fiscal_year, number, receipt_date, money_source_code, amount, payer, description,
                            reference, recorded_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING ${RECEIPT_COLUMNS}`,
      [
        r.schoolId,
        r.fiscalYear,
        r.number,
        r.date,
        r.moneySourceCode,
        r.amount,
        r.payer,
        r.description,
        r.reference,
        actor,
      ],
    );
    return row;
  }

  async receipts(
    schoolId: string,
    fiscalYear: number,
    limit: number,
    offset: number,
  ): Promise<{ rows: ReceiptRow[]; total: number }> {
    const rows: Array<ReceiptRow & { total: string }> = await this.db.query(
      `SELECT ${RECEIPT_COLUMNS}, count(*) OVER () AS total FROM receipt
        WHERE school_id = $1 AND fiscal_year = $2 ORDER BY number DESC LIMIT $3 OFFSET $4`,
      [schoolId, fiscalYear, limit, offset],
    );
    return { rows: rows.map(({ total: _t, ...r }) => r), total: rows.length ? Number(rows[0]!.total) : 0 };
  }

  async insertVoucher(
    manager: EntityManager,
    v: VoucherFields & { schoolId: string; number: number },
    actor: string,
  ): Promise<VoucherRow> {
    const [row] = await manager.query(
      `INSERT INTO payment_voucher (school_id, fiscal_year, number, voucher_date, status, project_id, activity_id,
                                    money_source_code, payee_kind, payee_name, payee_tax_id, description, gross_amount,
                                    withholding_tax_percent, withholding_tax, net_amount, prepared_by)
       VALUES ($1,$2,$3,$4,'PENDING_APPROVAL',$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16) RETURNING ${VOUCHER_COLUMNS}`,
      [
        v.schoolId,
        v.fiscalYear,
        v.number,
        v.date,
        v.projectId,
        v.activityId,
        v.moneySourceCode,
        v.payeeKind,
        v.payeeName,
        v.payeeTaxId,
        v.description,
        v.grossAmount,
        v.withholdingTaxPercent,
        v.withholdingTax,
        v.netAmount,
        actor,
      ],
    );
    await this.insertLines(manager, row.id, v.lines);
    return row;
  }

  private async insertLines(
    manager: EntityManager,
    voucherId: string,
    lines: Array<{ description: string; amount: string }>,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO payment_voucher_line (voucher_id, line_no, description, amount)
       SELECT $1, u.n, u.description, u.amount
         FROM unnest($2::text[], $3::numeric[]) WITH ORDINALITY AS u(description, amount, n)`,
      [voucherId, lines.map((l) => l.description), lines.map((l) => l.amount)],
    );
  }

  /** Replace a pending voucher's fields and lines; null when its version moved meanwhile. */
  async updateVoucher(
    manager: EntityManager,
    id: string,
    expectedVersion: number,
    v: VoucherFields,
  ): Promise<VoucherRow | null> {
    const rows = returnedRows<VoucherRow>(
      await manager.query(
        `UPDATE payment_voucher SET voucher_date = $3, payee_kind = $4, payee_name = $5, payee_tax_id = $6,
                description = $7, gross_amount = $8, withholding_tax_percent = $9, withholding_tax = $10,
                net_amount = $11, version = version + 1
          WHERE id = $1 AND version = $2 AND status = 'PENDING_APPROVAL' RETURNING ${VOUCHER_COLUMNS}`,
        [
          id,
          expectedVersion,
          v.date,
          v.payeeKind,
          v.payeeName,
          v.payeeTaxId,
          v.description,
          v.grossAmount,
          v.withholdingTaxPercent,
          v.withholdingTax,
          v.netAmount,
        ],
      ),
    );
    if (!rows[0]) return null;
    await manager.query(`DELETE FROM payment_voucher_line WHERE voucher_id = $1`, [id]);
    await this.insertLines(manager, id, v.lines);
    return rows[0];
  }

  async setStatus(
    manager: EntityManager,
    id: string,
    status: 'APPROVED' | 'CANCELLED',
    actor: string,
    reason: string | null = null,
  ): Promise<VoucherRow> {
    const rows = returnedRows<VoucherRow>(
      await manager.query(
        status === 'APPROVED'
          ? `UPDATE payment_voucher SET status = 'APPROVED', approved_by = $2, approved_at = now(), version = version + 1
              WHERE id = $1 RETURNING ${VOUCHER_COLUMNS}`
          : `UPDATE payment_voucher SET status = 'CANCELLED', cancelled_by = $2, cancelled_at = now(), cancel_reason = $3,
                    version = version + 1
              WHERE id = $1 RETURNING ${VOUCHER_COLUMNS}`,
        status === 'APPROVED' ? [id, actor] : [id, actor, reason],
      ),
    );
    return rows[0]!;
  }

  async vouchersByIds(ids: readonly string[], manager?: EntityManager, lock = false): Promise<VoucherRow[]> {
    const valid = ids.filter((k) => /^[0-9a-f-]{36}$/i.test(k));
    return (manager ?? this.db.manager).query(
      `SELECT ${VOUCHER_COLUMNS} FROM payment_voucher WHERE id = ANY($1::uuid[]) ${lock ? 'FOR UPDATE' : ''}`,
      [valid],
    );
  }

  async vouchers(
    schoolId: string,
    fiscalYear: number,
    status: VoucherStatus | null,
    limit: number,
    offset: number,
  ): Promise<{ rows: VoucherRow[]; total: number }> {
    const rows: Array<VoucherRow & { total: string }> = await this.db.query(
      `SELECT ${VOUCHER_COLUMNS}, count(*) OVER () AS total FROM payment_voucher
        WHERE school_id = $1 AND fiscal_year = $2 AND ($3::text IS NULL OR status = $3)
        ORDER BY number LIMIT $4 OFFSET $5`,
      [schoolId, fiscalYear, status, limit, offset],
    );
    return { rows: rows.map(({ total: _t, ...r }) => r), total: rows.length ? Number(rows[0]!.total) : 0 };
  }

  async voucherLines(voucherIds: readonly string[]): Promise<VoucherLineRow[]> {
    return this.db.query(
      `SELECT voucher_id AS "voucherId", line_no AS "lineNo", description, amount
         FROM payment_voucher_line WHERE voucher_id = ANY($1::uuid[]) ORDER BY line_no`,
      [voucherIds],
    );
  }

  /** Gross amounts of vouchers awaiting approval per project (committed, not yet spent). */
  async committedByProjects(
    projectIds: readonly string[],
    manager?: EntityManager,
    excludeVoucherId: string | null = null,
  ): Promise<Map<string, string>> {
    if (projectIds.length === 0) return new Map();
    const rows: Array<{ projectId: string; committed: string }> = await (manager ?? this.db.manager).query(
      `SELECT project_id AS "projectId", sum(gross_amount) AS committed FROM payment_voucher
        WHERE project_id = ANY($1::uuid[]) AND status = 'PENDING_APPROVAL' AND ($2::uuid IS NULL OR id <> $2)
        GROUP BY project_id`,
      [projectIds, excludeVoucherId],
    );
    return new Map(rows.map((r) => [r.projectId, r.committed]));
  }

  async insertMoneyReturn(
    manager: EntityManager,
    r: Omit<MoneyReturnRow, 'id' | 'recordedAt' | 'recordedBy'>,
    actor: string,
  ): Promise<MoneyReturnRow> {
    const [row] = await manager.query(
      `INSERT INTO money_return (school_id, fiscal_year, return_date, kind, money_source_code, project_id, voucher_id,
                                 amount, reason, recorded_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING ${RETURN_COLUMNS}`,
      [
        r.schoolId,
        r.fiscalYear,
        r.date,
        r.kind,
        r.moneySourceCode,
        r.projectId,
        r.voucherId,
        r.amount,
        r.reason,
        actor,
      ],
    );
    return row;
  }

  async refundedForVoucher(manager: EntityManager, voucherId: string): Promise<string> {
    const [row] = await manager.query(
      `SELECT coalesce(sum(amount), 0) AS total FROM money_return WHERE voucher_id = $1 AND kind = 'REFUND_FROM_PAYEE'`,
      [voucherId],
    );
    return row.total;
  }

  async listMoneySources(): Promise<Array<{ code: string; nameTh: string; nameEn: string; kind: string }>> {
    return this.db.query(
      `SELECT code, name_th AS "nameTh", name_en AS "nameEn", kind FROM money_source ORDER BY sort_order`,
    );
  }

  async moneySourceExists(manager: EntityManager, code: string): Promise<boolean> {
    const rows = await manager.query(`SELECT 1 FROM money_source WHERE code = $1`, [code]);
    return rows.length > 0;
  }
}
