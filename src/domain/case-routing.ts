/** Who a record about a youth's case belongs to: copied from its allocation onto every report, request and row. */
import type { AllocationDoc } from '../records';

/** A case record's routing: the provider, team, municipality and contract of its allocation, and the client by reference. */
export interface CaseRouting {
  providerAgbCode: string;
  teamCode: string;
  municipalityCode: string;
  contractNumber: string;
  clientRef: string;
}

/** The routing a record about this allocation carries (who may read it, whom its flags go to). */
export function caseRoutingOf(
  allocation: Pick<AllocationDoc, keyof Omit<CaseRouting, 'clientRef'> | 'client'>,
): CaseRouting {
  return {
    providerAgbCode: allocation.providerAgbCode,
    teamCode: allocation.teamCode,
    municipalityCode: allocation.municipalityCode,
    contractNumber: allocation.contractNumber,
    clientRef: allocation.client.ref,
  };
}
