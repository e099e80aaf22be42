// Thai domain primitives, OBEC's teacher staffing norm (personnel and the war room apply the same one) and
// the synthetic demo school size shared by the demo generators:
// pure functions with no dependencies beyond the Node built-ins.
export * from './academic-year';
export * from './buddhist-era';
export * from './calendar-date';
export * from './fiscal-year';
export * from './national-id';
export * from './thai-date';
export * from './demo-school';
export * from './staffing-norm';
export * from './places';
export * from './input-fields';
