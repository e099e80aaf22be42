/** Queries the read-path benchmarks load (`bench`, `bench:read`, `bench:runtime`, `measure:rss`): one text each. */
import { academicYearOf, fiscalYearOf } from '@smss/thai';

/** The directory query: a page of an area office's schools with their area office and province. */
export const DIRECTORY_QUERY = `query Directory($f: SchoolFilter, $first: Int) {
  schools(first: $first, filter: $f) {
    totalCount
    edges { node { obecCode nameTh schoolType areaOffice { code nameTh } province { nameTh } } }
  }
}`;

/** The dashboard query: a page of 10 schools with fields of the students, personnel and finance subgraphs. */
export const DASHBOARD_QUERY = `query Dashboard($f: SchoolFilter, $after: String, $fy: Int!) {
  schools(first: 10, after: $after, filter: $f) {
    totalCount
    edges { node {
      obecCode nameTh
      students(first: 5) { totalCount }
      staffing { teachersRequired teachersActual gap basis { academicYear round } }
      allocations(fiscalYear: $fy) { item amount students }
    } }
  }
}`;

/** The dashboard query's `$fy`: the fiscal year of the current academic year's first term (its allocations). */
export const dashboardFiscalYear = () => fiscalYearOf(`${academicYearOf(new Date()) - 543}-06-10`);
