import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '@smss/core';
import { money, sum, toMoneyString } from '@smss/money';
import { ACCOUNT } from '../subsidy/default-rates';

export type JournalEntryKind = 'RECEIPT' | 'PAYMENT' | 'REFUND' | 'RETURN';

export interface PostingLine {
  account: string;
  moneySourceCode: string;
  projectId?: string | null;
  debit?: string;
  credit?: string;
}

export interface JournalEntryRow {
  id: string;
  schoolId: string;
  fiscalYear: number;
  date: string;
  kind: JournalEntryKind;
  referenceId: string;
  description: string;
  createdBy: string;
  createdAt: Date;
}

export interface JournalLineRow {
  entryId: string;
  accountCode: string;
  moneySourceCode: string;
  projectId: string | null;
  debit: string;
  credit: string;
}

export interface BalanceRow {
  moneySourceCode: string;
  opening: string;
  received: string;
  paid: string;
  refunded: string;
  returned: string;
  closing: string;
  withholdingTaxPayable: string;
  spent: string;
}

export interface TrialBalanceRow {
  accountCode: string;
  moneySourceCode: string;
  debit: string;
  credit: string;
}

/**
 * The double-entry ledger. Entries are append-only; every entry's lines balance (checked here for
 * a clear error, and again by a constraint trigger at COMMIT). Balances are always derived by
 * summing lines, never stored and updated, so concurrent postings cannot lose an update.
 */
export class LedgerRepository {
  constructor(private readonly db: DataSource) {}

  async post(
    manager: EntityManager,
    e: {
      schoolId: string;
      fiscalYear: number;
      date: string;
      kind: JournalEntryKind;
      referenceId: string;
      description: string;
      actor: string;
      lines: PostingLine[];
    },
  ): Promise<string> {
    const debits = sum(e.lines.map((l) => l.debit ?? '0'));
    const credits = sum(e.lines.map((l) => l.credit ?? '0'));
    if (!debits.equals(credits) || debits.isZero()) {
      throw new AppError(
        'INTERNAL_SERVER_ERROR',
        `Unbalanced journal entry: debits ${debits.toFixed(2)} ≠ credits ${credits.toFixed(2)}`,
        'รายการบัญชีไม่สมดุล',
      );
    }
    const [entry] = await manager.query(
      `INSERT INTO journal_entry (school_id, fiscal_year, entry_date, kind, reference_id, description, created_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id`,
      [e.schoolId, e.fiscalYear, e.date, e.kind, e.referenceId, e.description, e.actor],
    );
    const lines = e.lines.filter((l) => !money(l.debit ?? '0').isZero() || !money(l.credit ?? '0').isZero());
    await manager.query(
      `INSERT INTO journal_line (entry_id, school_id, fiscal_year, entry_date, account_code, money_source_code, project_id, debit, credit)
       SELECT $1, $2, $3, $4, u.account, u.source, u.project, u.debit, u.credit
         FROM unnest($5::text[], $6::text[], $7::uuid[], $8::numeric[], $9::numeric[]) AS u(account, source, project, debit, credit)`,
      [
        entry.id,
        e.schoolId,
        e.fiscalYear,
        e.date,
        lines.map((l) => l.account),
        lines.map((l) => l.moneySourceCode),
        lines.map((l) => l.projectId ?? null),
        lines.map((l) => toMoneyString(l.debit ?? '0')),
        lines.map((l) => toMoneyString(l.credit ?? '0')),
      ],
    );
    return entry.id;
  }

  /**
   * Serialise everyone who takes money out of one school's money source (voucher approvals,
   * returns) so the availability check and the posting happen as one step.
   */
  async lockMoneySource(manager: EntityManager, schoolId: string, moneySourceCode: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `cash:${schoolId}:${moneySourceCode}`,
    ]);
  }

  /** Cash and withholding tax held for a money source, all time (what may still be paid out). */
  async cashPosition(
    manager: EntityManager,
    schoolId: string,
    moneySourceCode: string,
  ): Promise<{ cash: string; withholdingTaxPayable: string }> {
    const [row] = await manager.query(
      `SELECT coalesce(sum(debit - credit) FILTER (WHERE account_code = $3), 0) AS cash,
              coalesce(sum(credit - debit) FILTER (WHERE account_code = $4), 0) AS wht
         FROM journal_line WHERE school_id = $1 AND money_source_code = $2`,
      [schoolId, moneySourceCode, ACCOUNT.CASH, ACCOUNT.WHT_PAYABLE],
    );
    return { cash: row.cash, withholdingTaxPayable: row.wht };
  }

  /** Expenses posted per project (debit − credit on the expense account, refunds included). */
  async spentByProjects(
    projectIds: readonly string[],
    manager?: EntityManager,
  ): Promise<Map<string, string>> {
    if (projectIds.length === 0) return new Map();
    const rows: Array<{ projectId: string; spent: string }> = await (manager ?? this.db.manager).query(
      `SELECT project_id AS "projectId", sum(debit - credit) AS spent
         FROM journal_line WHERE project_id = ANY($1::uuid[]) AND account_code = $2 GROUP BY project_id`,
      [projectIds, ACCOUNT.EXPENSE],
    );
    return new Map(rows.map((r) => [r.projectId, r.spent]));
  }

  /** Per money source, for one fiscal year; keys "schoolId|fiscalYear" batch the same way. */
  async balances(schoolId: string, fiscalYear: number): Promise<BalanceRow[]> {
    return this.db.query(
      `SELECT l.money_source_code AS "moneySourceCode",
              coalesce(sum(l.debit - l.credit) FILTER (WHERE l.account_code = $3 AND l.fiscal_year < $2), 0) AS opening,
              coalesce(sum(l.debit) FILTER (WHERE l.account_code = $3 AND l.fiscal_year = $2 AND e.kind = 'RECEIPT'), 0) AS received,
              coalesce(sum(l.credit) FILTER (WHERE l.account_code = $3 AND l.fiscal_year = $2 AND e.kind = 'PAYMENT'), 0) AS paid,
              coalesce(sum(l.debit) FILTER (WHERE l.account_code = $3 AND l.fiscal_year = $2 AND e.kind = 'REFUND'), 0) AS refunded,
              coalesce(sum(l.credit) FILTER (WHERE l.account_code = $3 AND l.fiscal_year = $2 AND e.kind = 'RETURN'), 0) AS returned,
              coalesce(sum(l.debit - l.credit) FILTER (WHERE l.account_code = $3), 0) AS closing,
              coalesce(sum(l.credit - l.debit) FILTER (WHERE l.account_code = $4), 0) AS "withholdingTaxPayable",
              coalesce(sum(l.debit - l.credit) FILTER (WHERE l.account_code = $5 AND l.fiscal_year = $2), 0) AS spent
         FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id
         JOIN money_source ms ON ms.code = l.money_source_code
        WHERE l.school_id = $1 AND l.fiscal_year <= $2
        GROUP BY l.money_source_code, ms.sort_order ORDER BY ms.sort_order`,
      [schoolId, fiscalYear, ACCOUNT.CASH, ACCOUNT.WHT_PAYABLE, ACCOUNT.EXPENSE],
    );
  }

  async trialBalance(schoolId: string, fiscalYear: number): Promise<TrialBalanceRow[]> {
    return this.db.query(
      `SELECT account_code AS "accountCode", money_source_code AS "moneySourceCode",
              sum(debit) AS debit, sum(credit) AS credit
         FROM journal_line WHERE school_id = $1 AND fiscal_year = $2
        GROUP BY account_code, money_source_code ORDER BY account_code, money_source_code`,
      [schoolId, fiscalYear],
    );
  }

  async entries(
    schoolId: string,
    fiscalYear: number,
    limit: number,
    offset: number,
  ): Promise<{ rows: JournalEntryRow[]; total: number }> {
    const rows: Array<JournalEntryRow & { total: string }> = await this.db.query(
      `SELECT id, school_id AS "schoolId", fiscal_year AS "fiscalYear", to_char(entry_date, 'YYYY-MM-DD') AS date,
              kind, reference_id AS "referenceId", description, created_by AS "createdBy", created_at AS "createdAt",
              count(*) OVER () AS total
         FROM journal_entry WHERE school_id = $1 AND fiscal_year = $2
        ORDER BY entry_date, created_at, id LIMIT $3 OFFSET $4`,
      [schoolId, fiscalYear, limit, offset],
    );
    return { rows: rows.map(({ total: _t, ...r }) => r), total: rows.length ? Number(rows[0]!.total) : 0 };
  }

  async linesOfEntries(entryIds: readonly string[]): Promise<JournalLineRow[]> {
    return this.db.query(
      `SELECT entry_id AS "entryId", account_code AS "accountCode", money_source_code AS "moneySourceCode",
              project_id AS "projectId", debit, credit
         FROM journal_line WHERE entry_id = ANY($1::uuid[]) ORDER BY id`,
      [entryIds],
    );
  }

  /** Σdebit and Σcredit of a school's whole ledger (the invariant the tests check). */
  async totals(schoolId: string): Promise<{ debit: string; credit: string }> {
    const [row] = await this.db.query(
      `SELECT coalesce(sum(debit), 0) AS debit, coalesce(sum(credit), 0) AS credit FROM journal_line WHERE school_id = $1`,
      [schoolId],
    );
    return row;
  }
}
