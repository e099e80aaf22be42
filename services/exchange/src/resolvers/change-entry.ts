import type { ExchangeContext } from '../context';
import type { ChangeRecord } from '../modules/changes/change.types';

export const ChangeEntry = {
  cursor: (e: ChangeRecord) => e.position,
  entityId: (e: ChangeRecord, _: unknown, ctx: ExchangeContext) =>
    ctx.services.changes.entityIdOf(ctx.viewer, e),
  pseudonym: (e: ChangeRecord, _: unknown, ctx: ExchangeContext) =>
    ctx.services.changes.pseudonymOf(ctx.viewer, e),
  student: (e: ChangeRecord) =>
    e.entityType === 'STUDENT' && e.change !== 'DELETED' ? { __typename: 'Student', id: e.entityId } : null,
  school: (e: ChangeRecord) => (e.entityType === 'SCHOOL' ? { __typename: 'School', id: e.entityId } : null),
};
