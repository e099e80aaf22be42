import { readFileSync } from 'node:fs';
import {
  connect,
  credsAuthenticator,
  type ConnectionOptions,
  type NatsConnection,
} from '@nats-io/transport-node';
import {
  DiscardPolicy,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
} from '@nats-io/jetstream';
import type { Logger } from '@smss/core';
import type { StreamSpec } from './contracts';

export type { NatsConnection };

/**
 * How a process proves itself to NATS. Each service has its own NATS user whose permissions let it
 * publish only its own subjects (see `busPermissionsFor`). Nothing set: no authentication (a
 * development server on 127.0.0.1).
 */
export interface NatsCredentials {
  user?: string;
  password?: string;
  /** A `.creds` file (user JWT + nkey seed, `nsc` / operator mode) instead of user and password. */
  credsFile?: string;
  /** CA bundle (PEM) that signed the servers' certificates: TLS with verification. */
  tlsCaFile?: string;
}

/**
 * Inbox prefix of a NATS user: replies (publish acks, pulled messages, API answers) arrive under
 * `_INBOX_<user>.>`, so the server can let each user subscribe to its own replies only.
 */
export const inboxPrefixFor = (user: string): string => `_INBOX_${user}`;

export async function connectNats(
  url: string,
  name: string,
  credentials: NatsCredentials = {},
): Promise<NatsConnection> {
  const options: ConnectionOptions = {
    servers: url.split(','),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    // The client otherwise builds an Error (a stack trace) up front for every request and publish, in
    // case it fails: ~5 % of a busy consumer's or relay's CPU (warroom round-close profile). A failed
    // request still rejects with its error, only without the caller's async stack.
    noAsyncTraces: true,
  };
  if (credentials.credsFile) {
    options.authenticator = credsAuthenticator(readFileSync(credentials.credsFile));
    options.inboxPrefix = inboxPrefixFor(credentials.user ?? name);
  } else if (credentials.user) {
    options.user = credentials.user;
    options.pass = credentials.password;
    options.inboxPrefix = inboxPrefixFor(credentials.user);
  }
  if (credentials.tlsCaFile) options.tls = { caFile: credentials.tlsCaFile };
  return connect(options);
}

const NANOS_PER_MS = 1_000_000;
const THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000;

export interface EnsureStreamsOptions {
  /** Span within which a re-published event (same Nats-Msg-Id) is dropped by the server (default 2 h). */
  duplicateWindowMs?: number;
  replicas?: number;
  /** Age limit of event streams (default 30 days); state streams (`lastValuePerSubject`) have none. */
  maxAgeMs?: number;
  /**
   * The service calling: it creates and updates the streams it owns; a stream of another service
   * it only creates when missing and its NATS user may (a development server without users). With
   * users, the owner creates it and this service's consumers wait for it.
   */
  service?: string;
  logger?: Logger;
}

export function streamConfig(stream: StreamSpec, options: EnsureStreamsOptions = {}) {
  const maxAgeMs = stream.lastValuePerSubject ? 0 : (options.maxAgeMs ?? THIRTY_DAYS_MS);
  const duplicateWindowMs = options.duplicateWindowMs ?? 2 * 60 * 60 * 1000;
  return {
    name: stream.name,
    subjects: stream.subjects,
    description: stream.description,
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    num_replicas: options.replicas ?? 1,
    // The duplicate window may not exceed the age limit.
    duplicate_window: (maxAgeMs ? Math.min(duplicateWindowMs, maxAgeMs) : duplicateWindowMs) * NANOS_PER_MS,
    max_age: maxAgeMs * NANOS_PER_MS,
    max_msgs_per_subject: stream.lastValuePerSubject ? 1 : -1,
  };
}

const isPermissionError = (error: unknown) =>
  /permissions violation/i.test(String((error as Error)?.message));
const isNotFound = (error: unknown) => /stream not found/i.test(String((error as Error)?.message));

/** Create or update the streams (see `EnsureStreamsOptions.service` for who changes what). */
export async function ensureStreams(
  nc: NatsConnection,
  streams: ReadonlyArray<StreamSpec>,
  options: EnsureStreamsOptions = {},
): Promise<JetStreamManager> {
  const jsm = await jetstreamManager(nc);
  for (const stream of streams) {
    const config = streamConfig(stream, options);
    const owned = !options.service || stream.owner === options.service;
    let exists = true;
    try {
      await jsm.streams.info(stream.name);
    } catch (error) {
      if (isNotFound(error)) exists = false;
      else if (!owned && isPermissionError(error)) continue;
      else throw error;
    }
    try {
      if (!exists) await jsm.streams.add(config);
      else if (owned) await jsm.streams.update(stream.name, config);
    } catch (error) {
      if (owned || !isPermissionError(error)) throw error;
      options.logger?.debug(
        { stream: stream.name, owner: stream.owner },
        'stream missing; its owner creates it and the consumers wait for it',
      );
    }
  }
  return jsm;
}
