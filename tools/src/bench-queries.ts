/** Queries the read-path benchmarks load (`bench`, `bench:read`, `bench:runtime`): one text each. */

/** The directory query: a page of an area office's schools with their area office and province. */
export const DIRECTORY_QUERY = `query Directory($f: SchoolFilter, $first: Int) {
  schools(first: $first, filter: $f) {
    totalCount
    edges { node { obecCode nameTh schoolType areaOffice { code nameTh } province { nameTh } } }
  }
}`;
