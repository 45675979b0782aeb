import type { Payloads } from './payloads.generated';

/** The id of a request schema under schemas/. */
export type SchemaId = keyof Payloads;

/** The type of a payload that passed the schema `Id` (generated from schemas/ at build time). */
export type Payload<Id extends SchemaId> = Payloads[Id];
