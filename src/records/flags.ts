/** Stored records: flags. */
import type { Role } from './tokens';

/** A flag (signaal): a typed, dated finding about an allocation, request, contract or provider. `_id` is `type:subject:occurrence`. */
export interface FlagDoc {
  _id: string;
  type: string;
  severity: 'info' | 'warning' | 'critical';
  owners: Role[];
  subject: {
    kind: 'allocation' | 'extension_request' | 'contract' | 'provider' | 'review' | 'reassessment';
    id: string;
  };
  basis: string;
  providerAgbCode: string;
  teamCode?: string;
  municipalityCode?: string;
  contractNumber?: string;
  /** The allocation the flag is about (its subject, or the allocation of its extension request): a plain key, so a page's flags are read by `$in`. */
  allocationNumber?: string;
  /** Raised on a shielded allocation (iJw OP003): no notice names it. */
  shielded?: boolean;
  evidence: Record<string, string | number | boolean | null>;
  status: 'open' | 'acknowledged' | 'resolved';
  raisedAt: Date;
  acknowledgedAt?: Date;
  resolvedAt?: Date;
  resolution?: { by: 'rule' | 'person'; reason: string; note?: string };
  history: { at: Date; action: 'raised' | 'acknowledged' | 'resolved'; by: string; note?: string }[];
}
