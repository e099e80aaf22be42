export interface Started { url: string; stop: () => Promise<void>; pid?: number }
export function isPortOpen(host: string, port: number, timeoutMs?: number): Promise<boolean>;
export function freePort(): Promise<number>;
export function startEmbeddedPostgres(o: { dataDir: string; port: number; persistent?: boolean; log?: (m: string) => void }): Promise<Started>;
export function findNatsServerBinary(): string | undefined;
export const NATS_INSTALL_HINT: string;
export function startNatsServer(o: { dataDir: string; port: number; log?: (m: string) => void }): Promise<Started>;
export function tryTestcontainers(log?: (m: string) => void): Promise<{ databaseUrl: string; natsUrl: string; stop: () => Promise<void> } | undefined>;
export function scratchDir(name: string): string;
export function startEmbeddedPostgresProcess(o: { dataDir: string; port: number; persistent?: boolean; log?: (m: string) => void }): Promise<Started>;
