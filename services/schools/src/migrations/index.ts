import { CreateOutboxAndInbox1732406400000 } from '@smss/db';
import { CreateDirectory1732406400100 } from './1732406400100-create-directory';

/** In order. The shared outbox/inbox migration comes first. */
export const migrations = [CreateOutboxAndInbox1732406400000, CreateDirectory1732406400100];
