/** A report that providers correct by a new revision (evaluations, quarterly reports): how this revision stands. */
export function presentRevision(doc: {
  revision: number;
  supersedes?: string;
  supersededBy?: string;
  status: 'current' | 'superseded';
  dueDate: string;
  onTime: boolean;
}) {
  return {
    revision: doc.revision,
    supersedes: doc.supersedes ?? null,
    supersededBy: doc.supersededBy ?? null,
    status: doc.status,
    dueDate: doc.dueDate,
    onTime: doc.onTime,
  };
}
