import type { BudgetSource, BuildingCategory } from '../reference/reference-data';

export type BuildingCondition = 'GOOD' | 'NEEDS_REPAIR' | 'DILAPIDATED' | 'UNSAFE';
export type BuildingStatus = 'IN_USE' | 'OUT_OF_USE' | 'DEMOLISHED';
export type RoomUse =
  'CLASSROOM' | 'SCIENCE_LAB' | 'COMPUTER_LAB' | 'LIBRARY' | 'SPECIAL' | 'OFFICE' | 'TOILET' | 'OTHER';

export interface RoomCount {
  use: RoomUse;
  count: number;
}

/** One building as the service hands it to the resolvers (the repository's mapper decides the fields). */
export interface Building {
  id: string;
  schoolId: string;
  /** Where the school sits, from the directory replica: the trust layer's owner rule reads these. */
  schoolCode: string;
  areaOfficeCode: string;
  name: string;
  category: BuildingCategory;
  typeCode: string;
  modelCode: string | null;
  modelKnown: boolean;
  yearBuilt: number;
  constructionCost: string | null;
  budgetSource: BudgetSource;
  floors: number;
  /** Square metres as a decimal string (NUMERIC(10,2)). */
  floorArea: string | null;
  designRooms: number | null;
  rooms: RoomCount[];
  condition: BuildingCondition;
  conditionAssessedOn: string;
  conditionPhotoSha256: string[];
  status: BuildingStatus;
  version: number;
  updatedAt: string;
}

/** The writable facts of a building (what an input or an import row gives). */
export interface BuildingFacts {
  name: string;
  typeCode: string;
  modelCode: string | null;
  yearBuilt: number;
  constructionCost: string | null;
  budgetSource: BudgetSource;
  floors: number;
  floorArea: string | null;
  designRooms: number | null;
  rooms: RoomCount[];
  condition: BuildingCondition;
  conditionAssessedOn: string;
  conditionPhotoSha256: string[];
  status: BuildingStatus;
}

export interface BuildingRepair {
  id: string;
  buildingId: string;
  schoolId: string;
  schoolCode: string;
  areaOfficeCode: string;
  repairedOn: string;
  fiscalYear: number;
  description: string;
  cost: string;
  budgetSource: BudgetSource;
  createdAt: string;
}
