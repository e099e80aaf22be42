import { Mutation } from './mutation';
import { Query } from './query';
import { School } from './school';
import { __Record__ } from './__record_kebab__';

/** One file per GraphQL type. */
export const resolvers = { Query, Mutation, School, __Record__ };
