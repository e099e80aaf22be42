import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateGatewayKeyPair } from '@smss/auth';
import { DEV_JWT_SECRET } from '@smss/core';

const ROOT = path.resolve(__dirname, '..', '..');

/** Where `npm start` keeps its data (embedded PostgreSQL, NATS, the development gateway keys). */
export const dataDir = () => path.resolve(process.env.SMSS_DATA_DIR || path.join(ROOT, '.data'));

/**
 * Settings the launcher and the token command share. The HS256 default is for development only:
 * every process refuses it (and any JWT_SECRET) with NODE_ENV=production (README, "Production").
 */
export const devSettings = () => ({
  jwtSecret: process.env.JWT_SECRET || DEV_JWT_SECRET,
  jwtIssuer: process.env.JWT_ISSUER || 'smss-federated',
  jwtAudience: process.env.JWT_AUDIENCE || 'smss-api',
});

export interface DevGatewayKeys {
  privateKeyFile: string;
  publicKeyFile: string;
  created: boolean;
}

/**
 * The development gateway key pair in `<data>/gateway-keys/`, generated on first use: the
 * private key (mode 0600) goes to the gateway only, the public key to the subgraphs. Nothing
 * is committed, so no deployment can inherit a known key.
 */
export function devGatewayKeys(dir = dataDir()): DevGatewayKeys {
  const keys = path.join(dir, 'gateway-keys');
  const privateKeyFile = path.join(keys, 'gateway-private.pem');
  const publicKeyFile = path.join(keys, 'gateway-public.pem');
  if (existsSync(privateKeyFile) && existsSync(publicKeyFile)) {
    readFileSync(privateKeyFile); // fail here, not in a child, when it is unreadable
    return { privateKeyFile, publicKeyFile, created: false };
  }
  mkdirSync(keys, { recursive: true, mode: 0o700 });
  const pair = generateGatewayKeyPair();
  writeFileSync(privateKeyFile, pair.privateKey, { mode: 0o600 });
  chmodSync(privateKeyFile, 0o600);
  writeFileSync(publicKeyFile, pair.publicKey, { mode: 0o644 });
  return { privateKeyFile, publicKeyFile, created: true };
}
