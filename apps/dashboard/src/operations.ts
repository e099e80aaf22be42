/**
 * The dashboard's GraphQL documents, in one file without imports: the dashboard sends them, and the gateway
 * lists them as first-party operations (a partner whose agreement limits it to registered operations can
 * still use the dashboard, which reads war-room aggregates only).
 */
const SOURCE =
  'source { kind academicYear round fiscalYear roundMonth semester asOfDate updatedAt schoolsReporting }';
const SUMMARY = `level code nameTh nameEn schools
  students { total } smallSchools { smallSchools } teachers { required present gap shortage }`;
export const FIGURES = `level code nameTh nameEn schoolId
  ancestors { level code nameTh nameEn }
  schools
  students { ${SOURCE} total male female poor extremelyPoor disabled stateless classrooms studentsPerClassroom
    byLevel { key total male female } byGrade { key total male female } }
  smallSchools { ${SOURCE} smallSchools bands { label minStudents maxStudents schools } }
  teachers { ${SOURCE} required present gap shortage schoolsShort studentsPerTeacher }
  allocations { ${SOURCE} total items { item students amount } }
  spending { ${SOURCE} total vouchers }
  buildings { ${SOURCE} buildings good needsRepair dilapidated unsafe classrooms }
  internet { ${SOURCE} withInternet withoutInternet notReporting }
  letters { ${SOURCE} received acknowledged unacknowledged overdue acknowledgedLate }
  indicators { ${SOURCE} results averageScore byFramework { framework results averageScore } }
  attendance { ${SOURCE} schoolDays studentDays attended absent late sickLeave personalLeave rate }
  nutrition { ${SOURCE} measured assessedWeightForHeight assessedHeightForAge thin short overweight obese
    thinRate shortRate overweightRate obeseRate }`;

/** One place with its children; the country view also fetches the provinces under each region (for the map). */
export const PLACE_QUERY = `query DashboardPlace($level: WarRoomLevel!, $code: String) {
  warRoom(level: $level, code: $code) { ${FIGURES} children { ${SUMMARY} children { ${SUMMARY} } } }
}`;
export const PLACE_QUERY_FLAT = `query DashboardPlaceFlat($level: WarRoomLevel!, $code: String) {
  warRoom(level: $level, code: $code) { ${FIGURES} children { ${SUMMARY} } }
}`;

const EXPORT_JOB_FIELDS = `id profile format status rowsDone rowsTotal createdAt finishedAt
  scope { areaOfficeCode schoolCode } error { code message messageTh } fileName byteSize changeCursor downloadUrl`;

/** The viewer's export jobs, newest first (the exports page polls it while a job runs). */
export const EXPORT_JOBS_QUERY = `query DashboardExportJobs { exportJobs(first: 20) { ${EXPORT_JOB_FIELDS} } }`;

/** Start an export job (exchange subgraph). */
export const START_EXPORT_MUTATION = `mutation DashboardStartExport($profile: ExportProfile!, $format: ExportJobFormat!, $scope: ExportScopeInput!) {
  startExport(profile: $profile, format: $format, scope: $scope) { ${EXPORT_JOB_FIELDS} }
}`;

/** Every document the dashboard sends, by operation name. */
export const DASHBOARD_OPERATIONS: Readonly<Record<string, string>> = {
  DashboardPlace: PLACE_QUERY,
  DashboardPlaceFlat: PLACE_QUERY_FLAT,
  DashboardExportJobs: EXPORT_JOBS_QUERY,
  DashboardStartExport: START_EXPORT_MUTATION,
};
