import {
  DataSource,
  type EntitySchema,
  type MigrationInterface,
  type Logger as TypeOrmLogger,
} from 'typeorm';
import pg, { Client } from 'pg';

export interface DataSourceOptions {
  /** postgres://user@host:port/database — the service's own database. */
  url: string;
  /** TypeORM entity schemas, for services that use repositories; raw SQL needs none. */
  entities?: EntitySchema[];
  migrations: Array<new () => MigrationInterface>;
  /** Pool size per process. */
  poolSize?: number;
  logger?: TypeOrmLogger;
  applicationName?: string;
}

/** One DataSource per service database. Migrations run explicitly; never `synchronize`. */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    // The driver passed in, not looked up by name at run time: a compiled bundle holds it.
    driver: pg,
    url: options.url,
    entities: options.entities ?? [],
    migrations: options.migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: options.logger ? 'all' : false,
    ...(options.logger ? { logger: options.logger } : {}),
    extra: {
      max: options.poolSize ?? 10,
      application_name: options.applicationName ?? 'smss',
    },
  });
}

/** Create the database named in `url` when it does not exist (dev, tests, first start). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[a-z0-9_]+$/i.test(name)) throw new Error(`Refusing to create database with unusual name "${name}"`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      try {
        await client.query(`CREATE DATABASE "${name}" ENCODING 'UTF8' TEMPLATE template0`);
      } catch (error) {
        // Another process may have created it between the check and the create.
        if ((error as { code?: string }).code !== '42P04') throw error;
      }
    }
  } finally {
    await client.end();
  }
}

/** Replace the database name of a server URL: the launcher derives one database per service. */
export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Keep only well-formed UUIDs, so `id = ANY($1::uuid[])` can use the primary key index and a
 * malformed id from a client is simply "not found" instead of a cast error.
 */
export const onlyUuids = (keys: readonly string[]): string[] => keys.filter((k) => UUID.test(k));
export const isUuid = (key: string): boolean => UUID.test(key);

/**
 * Rows of an `UPDATE/DELETE … RETURNING` run through TypeORM's `query()`, which answers those with
 * `[rows, affectedCount]` instead of `rows`.
 */
export function returnedRows<T>(result: unknown): T[] {
  const r = result as unknown[];
  return (Array.isArray(r[0]) ? r[0] : r) as T[];
}
