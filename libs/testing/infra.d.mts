export interface Started { url: string; stop: () => Promise<void>; pid?: number }
export function isPortOpen(host: string, port: number, timeoutMs?: number): Promise<boolean>;
export function freePort(): Promise<number>;
/** `log`: everything PostgreSQL says; `notice`: what was done about a stale lock or a server left running. */
export function startEmbeddedPostgres(o: { dataDir: string; port: number; persistent?: boolean; log?: (m: string) => void; notice?: (m: string) => void }): Promise<Started>;
export function findNatsServerBinary(): string | undefined;
export const NATS_INSTALL_HINT: string;
/** `configFile`: a nats-server config (users and permissions, see tools/src/nats-config.ts); address, port, -js and store come from the other options. */
export function startNatsServer(o: { dataDir: string; port: number; configFile?: string; log?: (m: string) => void; notice?: (m: string) => void }): Promise<Started>;
export function tryTestcontainers(log?: (m: string) => void): Promise<{ databaseUrl: string; natsUrl: string; stop: () => Promise<void> } | undefined>;
export function scratchDir(name: string): string;
export function startEmbeddedPostgresProcess(o: { dataDir: string; port: number; persistent?: boolean; log?: (m: string) => void; notice?: (m: string) => void }): Promise<Started>;
export function clearStalePostgres(dataDir: string, log?: (m: string) => void): Promise<void>;
