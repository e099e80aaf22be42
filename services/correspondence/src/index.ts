import { createLogger } from '@smss/core';
import { consumerCaughtUp, SCHOOLS_STREAM } from '@smss/events';
import { bootService, configOrExit, onShutdown, reduceMemoryWhenIdle } from '@smss/service-kit';
import { seedDemoCorrespondence } from './demo/seed';
import { createCorrespondenceDomain } from './domain';
import { loadCorrespondenceConfig } from './environment';
import { LinePushChannel, SmtpChannel, type NotificationChannel } from './modules/notifications/channels';
import { Notifier } from './modules/notifications/notifier';
import { createCorrespondenceService } from './server';

export { createCorrespondenceService, typeDefs, SCHEMA_PATH } from './server';
export { loadCorrespondenceConfig } from './environment';
export { createCorrespondenceDomain } from './domain';
export { seedDemoCorrespondence } from './demo/seed';

async function main(): Promise<void> {
  const config = configOrExit(loadCorrespondenceConfig);
  const logger = createLogger('correspondence', config.logLevel);
  try {
    const options = { attachmentDir: config.attachmentDir, maxAttachmentBytes: config.maxAttachmentBytes };
    const service = await bootService(createCorrespondenceService(options), config, logger);
    const channels: NotificationChannel[] = [];
    if (config.smtp) channels.push(new SmtpChannel(config.smtp.url, config.smtp.from));
    if (config.line) channels.push(new LinePushChannel(config.line.accessToken, config.line.apiUrl));
    const notifier = config.notifications
      ? new Notifier(service.dataSource, logger, { channels, pollMs: config.notifyPollMs })
      : undefined;
    notifier?.start();
    if (notifier && !channels.length)
      logger.info(
        'no SMTP_URL or LINE_CHANNEL_ACCESS_TOKEN: notifications are kept pending until a channel is configured',
      );
    onShutdown(logger, async () => {
      await notifier?.stop();
      await service.close();
    });
    reduceMemoryWhenIdle(logger);
    if (config.demoData !== 'none') {
      const demoLog = logger.child({}, { level: 'info' });
      const replica = service.consumers.find((c) => c.durable.endsWith('-directory-replica'));
      seedDemoCorrespondence(createCorrespondenceDomain(service.dataSource, options), {
        progress: (line) => demoLog.info(line),
        replicaCaughtUp: () =>
          replica ? consumerCaughtUp(service.nc, SCHOOLS_STREAM, replica.durable) : Promise.resolve(true),
      }).catch((error) =>
        logger.error({ err: error }, 'demo letters interrupted (the next start resumes them)'),
      );
    }
  } catch (error) {
    logger.fatal({ err: error }, 'correspondence failed to start');
    process.exit(1);
  }
}

if (require.main === module) void main();
