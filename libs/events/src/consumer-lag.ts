import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';

/**
 * Whether a durable consumer has handled everything its stream holds for it so far: nothing left
 * to deliver (`num_pending`) and nothing delivered but not yet acknowledged (`num_ack_pending`).
 * Demo loaders use it to know that a replica is complete before building on it (a quiet spell is
 * not enough: a redelivery after the ack wait can come 30 s later).
 */
export async function consumerCaughtUp(
  nc: NatsConnection,
  stream: string,
  durable: string,
): Promise<boolean> {
  const info = await (await jetstreamManager(nc)).consumers.info(stream, durable);
  return info.num_pending === 0 && info.num_ack_pending === 0;
}
