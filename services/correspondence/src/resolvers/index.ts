import { Attachment, DestructionList, Letter, LetterDelivery, RegisterEntry } from './letter';
import { Mutation } from './mutation';
import { Query } from './query';
import { AreaOffice, School } from './school';

/** One file per GraphQL type (the record types of a letter share letter.ts). */
export const resolvers = {
  Query,
  Mutation,
  School,
  AreaOffice,
  Letter,
  LetterDelivery,
  RegisterEntry,
  Attachment,
  DestructionList,
};
