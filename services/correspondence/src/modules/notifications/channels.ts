import { randomUUID } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';

/** One message to one person over one channel. */
export interface OutgoingMessage {
  /** An e-mail address or a LINE user id. */
  to: string;
  title: string;
  text: string;
  /** Stable per notification: a retry of the same notification is recognised as the same message. */
  idempotencyKey: string;
}

/** A way of telling people about letters; each channel is optional. */
export interface NotificationChannel {
  readonly name: 'EMAIL' | 'LINE';
  send(message: OutgoingMessage): Promise<void>;
  close?(): Promise<void>;
}

/** A failure worth retrying later (network, 5xx, 429) as opposed to one that will never succeed (4xx). */
export class ChannelError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** E-mail over SMTP with nodemailer (`smtp://user:pass@host:587`, `smtps://…:465`). */
export class SmtpChannel implements NotificationChannel {
  readonly name = 'EMAIL' as const;
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async send(m: OutgoingMessage): Promise<void> {
    try {
      await this.transport.sendMail({
        from: this.from,
        to: m.to,
        subject: m.title,
        text: m.text,
        messageId: `<${m.idempotencyKey}@smss-correspondence>`,
        headers: { 'X-SMSS-Notification': m.idempotencyKey },
      });
    } catch (error) {
      const code = Number((error as { responseCode?: number }).responseCode ?? 0);
      // 5xx from the server is permanent (bad address, refused); connection errors and 4xx are retried.
      throw new ChannelError(String((error as Error).message), !(code >= 500 && code < 600));
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

/**
 * LINE Messaging API push messages (LINE Notify closed on 31 March 2025): `POST {base}/v2/bot/message/push`
 * with the channel access token, `{ to, messages: [{ type: 'text', text }] }`, and `X-Line-Retry-Key` so a
 * retried push is not delivered twice. The user id is the follower's (`U` + 32 hex digits).
 */
export class LinePushChannel implements NotificationChannel {
  readonly name = 'LINE' as const;

  constructor(
    private readonly accessToken: string,
    private readonly baseUrl = 'https://api.line.me',
    private readonly timeoutMs = 10_000,
  ) {}

  async send(m: OutgoingMessage): Promise<void> {
    const text = `${m.title}\n${m.text}`.slice(0, 5000);
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl.replace(/\/$/, '')}/v2/bot/message/push`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.accessToken}`,
          'content-type': 'application/json',
          'x-line-retry-key': toUuid(m.idempotencyKey),
        },
        body: JSON.stringify({ to: m.to, messages: [{ type: 'text', text }] }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new ChannelError(`LINE push failed: ${(error as Error).message}`, true);
    }
    // 409: a push with this retry key was already accepted — the message went out.
    if (res.ok || res.status === 409) return;
    const body = await res.text().catch(() => '');
    throw new ChannelError(
      `LINE push answered ${res.status}: ${body.slice(0, 200)}`,
      res.status === 429 || res.status >= 500,
    );
  }
}

/** The retry key must be a UUID: notification ids already are; anything else gets a fresh one. */
const toUuid = (key: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(key) ? key : randomUUID();
