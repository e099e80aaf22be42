import { PLACE_QUERY, PLACE_QUERY_FLAT } from './operations';

export { FIGURES, PLACE_QUERY, PLACE_QUERY_FLAT } from './operations';

/**
 * The dashboard's one API: `warRoom(level:, code:)` through the gateway's /graphql with the
 * signed-in viewer's bearer token. Operation texts are constants (the gateway caches plans by text).
 */
export type Level = 'COUNTRY' | 'REGION' | 'PROVINCE' | 'AREA_OFFICE' | 'DISTRICT' | 'SCHOOL';
export const LEVELS: readonly Level[] = [
  'COUNTRY',
  'REGION',
  'PROVINCE',
  'AREA_OFFICE',
  'DISTRICT',
  'SCHOOL',
];

export interface FigureSource {
  kind: string;
  academicYear: number | null;
  round: string | null;
  fiscalYear: number | null;
  roundMonth: number | null;
  /** Attendance: semester 1 or 2 of the academic year; nutrition (kind TERM): the term. */
  semester: number | null;
  asOfDate: string | null;
  updatedAt: string;
  schoolsReporting: number;
}
export interface StudentCount {
  key: string;
  total: number | null;
  male: number | null;
  female: number | null;
}
export interface StudentFigures {
  source: FigureSource;
  total: number | null;
  male: number | null;
  female: number | null;
  poor: number | null;
  extremelyPoor: number | null;
  disabled: number | null;
  stateless: number | null;
  classrooms: number;
  studentsPerClassroom: number | null;
  byLevel: StudentCount[];
  byGrade: StudentCount[];
}
export interface SchoolBand {
  label: string;
  minStudents: number;
  maxStudents: number | null;
  schools: number;
}
export interface SmallSchoolFigures {
  source: FigureSource;
  smallSchools: number;
  bands: SchoolBand[];
}
export interface TeacherFigures {
  source: FigureSource;
  required: number;
  present: number;
  gap: number;
  shortage: number;
  schoolsShort: number;
  studentsPerTeacher: number | null;
}
export interface AllocationFigures {
  source: FigureSource;
  total: string;
  items: { item: string; students: number | null; amount: string }[];
}
export interface SpendingFigures {
  source: FigureSource;
  total: string;
  vouchers: number;
}
export interface BuildingFigures {
  source: FigureSource;
  buildings: number;
  good: number;
  needsRepair: number;
  dilapidated: number;
  unsafe: number;
  classrooms: number;
}
export interface InternetFigures {
  source: FigureSource;
  withInternet: number;
  withoutInternet: number;
  notReporting: number;
}
export interface LetterFigures {
  source: FigureSource;
  received: number;
  acknowledged: number;
  unacknowledged: number;
  overdue: number;
  acknowledgedLate: number;
}
export interface IndicatorFigures {
  source: FigureSource;
  results: number;
  averageScore: string | null;
  byFramework: { framework: string; results: number; averageScore: string | null }[];
}
/** Term to date; rate = attended / studentDays (present + late attended; absent and leave not). */
export interface AttendanceFigures {
  source: FigureSource;
  schoolDays: number;
  studentDays: number | null;
  attended: number | null;
  absent: number | null;
  late: number | null;
  sickLeave: number | null;
  personalLeave: number | null;
  rate: number | null;
}
/** The latest term; rates (0–1) = count / children assessed on that index (null when hidden). */
export interface NutritionFigures {
  source: FigureSource;
  measured: number | null;
  assessedWeightForHeight: number | null;
  assessedHeightForAge: number | null;
  thin: number | null;
  short: number | null;
  overweight: number | null;
  obese: number | null;
  thinRate: number | null;
  shortRate: number | null;
  overweightRate: number | null;
  obeseRate: number | null;
}
export interface Place {
  level: Level;
  code: string;
  nameTh: string;
  nameEn: string;
}
export interface Summary extends Place {
  schools: number;
  students: { total: number | null } | null;
  smallSchools: { smallSchools: number } | null;
  teachers: { required: number; present: number; gap: number; shortage: number } | null;
}
export interface SummaryWithChildren extends Summary {
  children: Summary[];
}
export interface WarRoomView extends Place {
  schoolId: string | null;
  ancestors: Place[];
  schools: number;
  students: StudentFigures | null;
  smallSchools: SmallSchoolFigures | null;
  teachers: TeacherFigures | null;
  allocations: AllocationFigures | null;
  spending: SpendingFigures | null;
  buildings: BuildingFigures | null;
  internet: InternetFigures | null;
  letters: LetterFigures | null;
  indicators: IndicatorFigures | null;
  attendance: AttendanceFigures | null;
  nutrition: NutritionFigures | null;
  children: SummaryWithChildren[];
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly messageTh?: string,
  ) {
    super(message);
  }
}

interface GraphQLAnswer<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string; messageTh?: string } }[];
}

export async function graphql<T>(
  query: string,
  variables: Record<string, unknown>,
  token: string,
): Promise<T> {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  let body: GraphQLAnswer<T>;
  try {
    body = (await res.json()) as GraphQLAnswer<T>;
  } catch {
    throw new ApiError(`The gateway answered ${res.status}`, 'NETWORK');
  }
  const first = body.errors?.[0];
  if (first || !body.data)
    throw new ApiError(
      first?.message ?? 'No data',
      first?.extensions?.code ?? 'ERROR',
      first?.extensions?.messageTh,
    );
  return body.data;
}

export async function loadPlace(
  level: Level,
  code: string | undefined,
  token: string,
): Promise<WarRoomView | null> {
  const query = level === 'COUNTRY' ? PLACE_QUERY : PLACE_QUERY_FLAT;
  const data = await graphql<{ warRoom: WarRoomView | null }>(query, { level, code: code ?? null }, token);
  const view = data.warRoom;
  if (view && level !== 'COUNTRY') for (const c of view.children) c.children ??= [];
  return view;
}

export interface DevRole {
  role: string;
  defaultOrg: string;
  scopes: string[];
}

/** The development role picker's roles, or null where development sign-in is off (production). */
export async function devRoles(): Promise<DevRole[] | null> {
  try {
    const res = await fetch('/dashboard/dev-token', { headers: { accept: 'application/json' } });
    if (!res.ok) return null;
    return ((await res.json()) as { roles: DevRole[] }).roles;
  } catch {
    return null;
  }
}

export async function devSignIn(
  role: string,
  org: string,
): Promise<{ token: string; role: string; orgCode: string }> {
  const res = await fetch('/dashboard/dev-token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role, org: org || undefined }),
  });
  const body = (await res.json()) as { token?: string; role: string; orgCode: string } & GraphQLAnswer<never>;
  if (!res.ok || !body.token) {
    const e = body.errors?.[0];
    throw new ApiError(
      e?.message ?? `sign-in failed (${res.status})`,
      e?.extensions?.code ?? 'ERROR',
      e?.extensions?.messageTh,
    );
  }
  return { token: body.token, role: body.role, orgCode: body.orgCode };
}
