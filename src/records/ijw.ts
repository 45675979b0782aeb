/** Stored records: the iJw messages received (their identity and the report, never their client data). */
import type { FieldError } from '../errors';

/** What became of one product of an iJw message. */
export interface IjwProductResult {
  /** 1-based position of the product in the message. */
  product: number;
  /** The product's element, e.g. `/Bericht/Client/ToegewezenProducten/ToegewezenProduct[2]`. */
  path: string;
  allocationNumber: string | null;
  outcome: 'created' | 'updated' | 'unchanged' | 'rejected';
  errors?: FieldError[];
  /** Applied, with something the team should know (care reported outside the allocation's period). */
  warnings?: FieldError[];
}

/** The reconciliation report of one iJw message. */
export interface IjwReport {
  message: { type: string; sender: string; receiver: string; identification: string; date: string };
  teamCode: string | null;
  products: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  results: IjwProductResult[];
}

/**
 * One received message, keyed by sender, BerichtCode and BerichtIdentificatie (iJw
 * TR056: an identification is unique per message type for its sender): inserting it claims
 * the message, so the same message sent again changes nothing. `digest` is a keyed
 * hash of the content (a different message under a reused id is refused).
 */
export interface IjwMessageDoc {
  _id: string;
  type: string;
  sender: string;
  identification: string;
  digest: string;
  teamCode: string | null;
  status: 'applying' | 'applied';
  receivedAt: Date;
  receivedBy: string;
  appliedAt?: Date;
  report?: IjwReport;
}
