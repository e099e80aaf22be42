import { onlyUuids } from '@smss/db';
import type { DataSource, EntityManager } from 'typeorm';
import type { Sql } from '../common/sql';

export interface Infrastructure {
  schoolId: string;
  schoolCode: string;
  areaOfficeCode: string;
  provinceCode: string;
  internet: {
    connected: boolean;
    provider: string | null;
    connectionType: string;
    downloadMbps: number | null;
    uploadMbps: number | null;
  };
  electricity: string;
  waterSources: string[];
  reportedOn: string;
  version: number;
  updatedAt: string;
}

const SELECT = `
  SELECT i.school_id AS "schoolId", d.obec_code AS "schoolCode", d.area_office_code AS "areaOfficeCode",
         d.province_code AS "provinceCode",
         json_build_object('connected', i.internet_connected, 'provider', i.internet_provider,
                           'connectionType', i.internet_type, 'downloadMbps', i.download_mbps,
                           'uploadMbps', i.upload_mbps) AS internet,
         i.electricity, i.water_sources AS "waterSources", to_char(i.reported_on, 'YYYY-MM-DD') AS "reportedOn",
         i.version, i.updated_at AS "updatedAt"
    FROM infrastructure i JOIN directory_school_replica d ON d.school_id = i.school_id`;
type Row = Omit<Infrastructure, 'updatedAt'> & { updatedAt: Date };
const toInfrastructure = (r: Row): Infrastructure => ({ ...r, updatedAt: r.updatedAt.toISOString() });

export class InfrastructureRepository {
  constructor(private readonly db: DataSource) {}

  async bySchoolIds(ids: readonly string[], manager: Sql = this.db): Promise<Infrastructure[]> {
    const valid = onlyUuids(ids);
    if (!valid.length) return [];
    return (await manager.query(`${SELECT} WHERE i.school_id = ANY($1::uuid[])`, [valid])).map(
      toInfrastructure,
    );
  }

  /** Upsert; the version grows only when something changed (a report of the same facts changes nothing). */
  async report(
    manager: EntityManager,
    r: Omit<Infrastructure, 'schoolCode' | 'areaOfficeCode' | 'provinceCode' | 'version' | 'updatedAt'>,
    by: string,
  ): Promise<boolean> {
    const result = await manager.query(
      `INSERT INTO infrastructure AS x (school_id, internet_connected, internet_provider, internet_type, download_mbps,
                                        upload_mbps, electricity, water_sources, reported_on, reported_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text[], $9, $10)
       ON CONFLICT (school_id) DO UPDATE SET internet_connected = EXCLUDED.internet_connected,
              internet_provider = EXCLUDED.internet_provider, internet_type = EXCLUDED.internet_type,
              download_mbps = EXCLUDED.download_mbps, upload_mbps = EXCLUDED.upload_mbps,
              electricity = EXCLUDED.electricity, water_sources = EXCLUDED.water_sources,
              reported_on = EXCLUDED.reported_on, reported_by = EXCLUDED.reported_by,
              version = x.version + 1, updated_at = now()
        WHERE (x.internet_connected, x.internet_provider, x.internet_type, x.download_mbps, x.upload_mbps, x.electricity, x.water_sources)
              IS DISTINCT FROM
              (EXCLUDED.internet_connected, EXCLUDED.internet_provider, EXCLUDED.internet_type, EXCLUDED.download_mbps,
               EXCLUDED.upload_mbps, EXCLUDED.electricity, EXCLUDED.water_sources)
       RETURNING x.school_id`,
      [
        r.schoolId,
        r.internet.connected,
        r.internet.provider,
        r.internet.connectionType,
        r.internet.downloadMbps,
        r.internet.uploadMbps,
        r.electricity,
        r.waterSources,
        r.reportedOn,
        by,
      ],
    );
    return result.length > 0;
  }
}
