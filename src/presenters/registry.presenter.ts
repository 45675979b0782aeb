import type { ContractDoc, ProviderDoc, TeamDoc } from '../records';

/** A provider as the API shows it. */
export function presentProvider(doc: ProviderDoc) {
  return {
    agbCode: doc._id,
    name: doc.name,
    email: doc.email,
    webhookUrl: doc.webhookUrl ?? null,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

/** A team as the API shows it. */
export function presentTeam(doc: TeamDoc) {
  return {
    teamCode: doc._id,
    name: doc.name,
    municipalityCodes: doc.municipalityCodes,
    email: doc.email ?? null,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

/** A contract as the API shows it. */
export function presentContract(doc: ContractDoc) {
  return {
    contractNumber: doc._id,
    providerAgbCode: doc.providerAgbCode,
    region: doc.region ?? null,
    startDate: doc.startDate,
    endDate: doc.endDate,
    extensionOptionEndDate: doc.extensionOptionEndDate ?? null,
    productCodes: doc.productCodes,
    reporting: doc.reporting,
    kpiTargets: doc.kpiTargets,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}
