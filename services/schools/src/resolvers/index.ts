import { Query } from './query';
import { Mutation } from './mutation';
import { School } from './school';
import { AreaOffice } from './area-office';
import { District, Province, Region } from './province';

export const resolvers = { Query, Mutation, School, AreaOffice, Province, Region, District };
