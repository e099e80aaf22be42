import type { VisibilityFilter } from '@smss/auth';
import { onlyUuids } from '@smss/db';
import type { DataSource, EntityManager } from 'typeorm';
import { childPages, Where, type Sql } from '../common/sql';
import type { ProcurementInput } from './procurement.rules';

export interface ProcurementItem {
  lineNo: number;
  description: string;
  quantity: number;
  unitPrice: string;
  amount: string;
  assetCategoryCode: string | null;
  assetUsage: 'TEACHING' | 'ADMINISTRATION' | 'OTHER' | null;
}

export interface Procurement {
  id: string;
  schoolId: string;
  schoolCode: string;
  areaOfficeCode: string;
  fiscalYear: number;
  reference: string;
  subject: string;
  kind: string;
  method: string;
  specificGround: string | null;
  budget: string;
  medianPrice: string | null;
  contractAmount: string;
  vendor: { kind: 'PERSON' | 'ORGANISATION'; name: string; taxId: string | null };
  /** Personal: withheld without pii:read, audited when read. */
  committeeStaffIds: string[];
  inspectionCommitteeStaffIds: string[] | null;
  projectId: string | null;
  paymentVoucherId: string | null;
  items: ProcurementItem[];
  status: 'ORDERED' | 'RECEIVED';
  orderedOn: string;
  receivedOn: string | null;
  version: number;
  createdAt: string;
}

const SELECT = `
  SELECT p.id, p.school_id AS "schoolId", d.obec_code AS "schoolCode", d.area_office_code AS "areaOfficeCode",
         p.fiscal_year AS "fiscalYear", p.reference, p.subject, p.kind, p.method, p.specific_ground AS "specificGround",
         p.budget, p.median_price AS "medianPrice", p.contract_amount AS "contractAmount",
         json_build_object('kind', p.vendor_kind, 'name', p.vendor_name, 'taxId', p.vendor_tax_id) AS vendor,
         p.committee_staff_ids AS "committeeStaffIds", p.inspection_committee_staff_ids AS "inspectionCommitteeStaffIds",
         p.project_id AS "projectId", p.payment_voucher_id AS "paymentVoucherId",
         (SELECT coalesce(json_agg(json_build_object('lineNo', i.line_no, 'description', i.description, 'quantity', i.quantity,
                   'unitPrice', i.unit_price::text, 'amount', (i.unit_price * i.quantity)::text,
                   'assetCategoryCode', i.asset_category_code, 'assetUsage', i.asset_usage) ORDER BY i.line_no), '[]')
            FROM procurement_item i WHERE i.procurement_id = p.id) AS items,
         p.status, to_char(p.ordered_on, 'YYYY-MM-DD') AS "orderedOn", to_char(p.received_on, 'YYYY-MM-DD') AS "receivedOn",
         p.version, p.created_at AS "createdAt"`;
const FROM = `FROM procurement p JOIN directory_school_replica d ON d.school_id = p.school_id`;
type Row = Omit<Procurement, 'createdAt'> & { createdAt: Date };
const toProcurement = (r: Row): Procurement => ({ ...r, createdAt: r.createdAt.toISOString() });

export class ProcurementRepository {
  constructor(private readonly db: DataSource) {}

  async byIds(ids: readonly string[], manager: Sql = this.db): Promise<Procurement[]> {
    const valid = onlyUuids(ids);
    if (!valid.length) return [];
    return (await manager.query(`${SELECT} ${FROM} WHERE p.id = ANY($1::uuid[])`, [valid])).map(
      toProcurement,
    );
  }

  async lock(manager: EntityManager, id: string): Promise<Procurement | null> {
    const rows = await manager.query(`${SELECT} ${FROM} WHERE p.id = $1 FOR UPDATE OF p`, [id]);
    return rows[0] ? toProcurement(rows[0]) : null;
  }

  async insert(
    manager: EntityManager,
    p: ProcurementInput & { fiscalYear: number; contractAmount: string },
    by: string,
  ): Promise<string> {
    const [row] = await manager.query(
      `INSERT INTO procurement (school_id, fiscal_year, reference, subject, kind, method, specific_ground, budget, median_price,
                                contract_amount, vendor_kind, vendor_name, vendor_tax_id, committee_staff_ids, project_id,
                                payment_voucher_id, status, ordered_on, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::uuid[], $15, $16, 'ORDERED', $17, $18) RETURNING id`,
      [
        p.schoolId,
        p.fiscalYear,
        p.reference,
        p.subject,
        p.kind,
        p.method,
        p.specificGround ?? null,
        p.budget,
        p.medianPrice ?? null,
        p.contractAmount,
        p.vendor.kind,
        p.vendor.name,
        p.vendor.taxId ?? null,
        p.committeeStaffIds,
        p.projectId ?? null,
        p.paymentVoucherId ?? null,
        p.orderedOn,
        by,
      ],
    );
    await manager.query(
      `INSERT INTO procurement_item (procurement_id, line_no, description, quantity, unit_price, asset_category_code, asset_usage)
       SELECT $1, u.n, u.description, u.quantity, u.unit_price, u.category, u.usage
         FROM unnest($2::text[], $3::int[], $4::numeric[], $5::text[], $6::text[]) WITH ORDINALITY
           AS u(description, quantity, unit_price, category, usage, n)`,
      [
        row.id,
        p.items.map((i) => i.description),
        p.items.map((i) => i.quantity),
        p.items.map((i) => i.unitPrice),
        p.items.map((i) => i.assetCategoryCode ?? null),
        p.items.map((i) => i.assetUsage ?? null),
      ],
    );
    return row.id;
  }

  async markReceived(manager: EntityManager, id: string, receivedOn: string, inspectors: string[]) {
    await manager.query(
      `UPDATE procurement SET status = 'RECEIVED', received_on = $2, inspection_committee_staff_ids = $3::uuid[],
              version = version + 1, updated_at = now() WHERE id = $1`,
      [id, receivedOn, inspectors],
    );
  }

  /** School.procurements(fiscalYear) for many schools (filter key: the fiscal year). */
  schoolPages(scope: VisibilityFilter) {
    return childPages<Row, Procurement>(this.db, {
      select: SELECT,
      from: FROM,
      parentColumn: 'p.school_id',
      orderBy: 'p.ordered_on DESC, p.id',
      where: (fiscalYear) => {
        const w = new Where(2).scope(scope).add('p.fiscal_year = ?::int', Number(fiscalYear));
        return { sql: w.toString().replace(/^WHERE /, ''), params: w.params };
      },
      map: toProcurement,
    });
  }
}
