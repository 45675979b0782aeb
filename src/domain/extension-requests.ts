/** Extension requests' ids: an allocation's n-th request is `xr_<allocation>_<n>`. */
import type { ExtensionRequestDoc } from '../records';

/** The id of an allocation's n-th extension request. */
export function extensionRequestId(allocationNumber: string, n: number): string {
  return `xr_${allocationNumber}_${n}`;
}

/** The running number of a request id (`xr_<allocation>_<n>`): its allocation's n-th request. */
export function requestNumberOf(id: string): number {
  return Number(id.slice(id.lastIndexOf('_') + 1));
}

/** Each allocation's latest request (the highest running number) among the requests read. */
export async function latestPerAllocation<R extends Pick<ExtensionRequestDoc, '_id' | 'allocationNumber'>>(
  requests: AsyncIterable<R>,
): Promise<Map<string, R>> {
  const latest = new Map<string, R>();
  for await (const r of requests) {
    const known = latest.get(r.allocationNumber);
    if (!known || requestNumberOf(r._id) > requestNumberOf(known._id)) latest.set(r.allocationNumber, r);
  }
  return latest;
}
