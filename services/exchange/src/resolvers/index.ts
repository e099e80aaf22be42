import { ChangeEntry } from './change-entry';
import { Mutation } from './mutation';
import { PartnerAgreement } from './partner-agreement';
import { Query } from './query';

/** One file per GraphQL type. */
export const resolvers = { Query, Mutation, PartnerAgreement, ChangeEntry };
