import { AttendanceFigures } from './attendance-figures';
import { NutritionFigures } from './nutrition-figures';
import { Query } from './query';
import { WarRoomView } from './war-room-view';

/** One file per GraphQL type (the figure groups are plain objects). */
export const resolvers = { Query, WarRoomView, AttendanceFigures, NutritionFigures };
