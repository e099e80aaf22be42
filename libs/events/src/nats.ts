import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, RetentionPolicy, StorageType, type JetStreamManager } from '@nats-io/jetstream';

export type { NatsConnection };

export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  return connect({ servers: url.split(','), name, maxReconnectAttempts: -1, reconnectTimeWait: 500 });
}

const NANOS_PER_MS = 1_000_000;

/**
 * Create or update the streams. The duplicate window is the span within which a re-published
 * event (same Nats-Msg-Id) is dropped by the server; consumers' inboxes cover the rest.
 */
export async function ensureStreams(
  nc: NatsConnection,
  streams: ReadonlyArray<{ name: string; subjects: string[]; description?: string }>,
  options: { duplicateWindowMs?: number; replicas?: number } = {},
): Promise<JetStreamManager> {
  const jsm = await jetstreamManager(nc);
  for (const stream of streams) {
    const config = {
      name: stream.name,
      subjects: stream.subjects,
      description: stream.description,
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      num_replicas: options.replicas ?? 1,
      duplicate_window: (options.duplicateWindowMs ?? 2 * 60 * 60 * 1000) * NANOS_PER_MS,
      max_age: 30 * 24 * 60 * 60 * 1000 * NANOS_PER_MS,
    };
    try {
      await jsm.streams.info(stream.name);
      await jsm.streams.update(stream.name, config);
    } catch (error) {
      if (!/stream not found/i.test(String((error as Error).message))) throw error;
      await jsm.streams.add(config);
    }
  }
  return jsm;
}
