/** Stored shapes of the hub's collections (what the repositories read and write), one file per area. */
export type * from './tokens';
export type * from './persons';
export type * from './auth';
export type * from './operations';
export type * from './registry';
export type * from './allocations';
export type * from './audit';
export type * from './evaluations';
export type * from './extension-requests';
export type * from './quarterly-reports';
export type * from './flags';
export type * from './kpis';
export type * from './ijw';
export type * from './reassessments';
export type * from './waiting';
export type * from './caseload';
