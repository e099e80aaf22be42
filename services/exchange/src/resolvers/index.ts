import { ChangeEntry } from './change-entry';
import { exportJobResolvers } from './export-job';
import { Mutation } from './mutation';
import { PartnerAgreement } from './partner-agreement';
import { Query } from './query';

/** One file per GraphQL type. */
export const resolvers = {
  Query: { ...Query, ...exportJobResolvers.Query },
  Mutation: { ...Mutation, ...exportJobResolvers.Mutation },
  PartnerAgreement,
  ChangeEntry,
  ExportJob: exportJobResolvers.ExportJob,
};
