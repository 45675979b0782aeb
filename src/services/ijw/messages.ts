/** The iJw messages the hub takes. */
import type { Payload } from '../../payloads/payloads';

/** The messages the hub takes, with their schema. */
export const IJW_MESSAGES = {
  JW301: 'ijw-jw301.v1.json',
  JW305: 'ijw-jw305.v1.json',
  JW307: 'ijw-jw307.v1.json',
} as const;
export type IjwMessageType = keyof typeof IJW_MESSAGES;

/** A message read and validated: its type and its content in the schema's shape. */
export type IjwMessage =
  | { type: 'JW301'; content: Payload<'ijw-jw301.v1.json'> }
  | { type: 'JW305'; content: Payload<'ijw-jw305.v1.json'> }
  | { type: 'JW307'; content: Payload<'ijw-jw307.v1.json'> };

/** The list element and the product element of each message type. */
const PRODUCT_ELEMENTS: Record<IjwMessageType, [string, string]> = {
  JW301: ['ToegewezenProducten', 'ToegewezenProduct'],
  JW305: ['StartProducten', 'StartProduct'],
  JW307: ['StopProducten', 'StopProduct'],
};

/** The element path of a message's n-th product (1-based), e.g. `/Bericht/Client/StartProducten/StartProduct[2]`. */
export function productPath(type: IjwMessageType, n: number): string {
  const [list, item] = PRODUCT_ELEMENTS[type];
  return `/Bericht/Client/${list}/${item}[${n}]`;
}

type StartProduct = Payload<'ijw-jw305.v1.json'>['Client']['StartProducten']['StartProduct'][number];
/** A JW307 product: a JW305 one with its end. */
export type StopProduct = Payload<'ijw-jw307.v1.json'>['Client']['StopProducten']['StopProduct'][number];

/** The products of a JW305 (care started) or JW307 (care stopped). */
export function startStopProducts(
  message: Extract<IjwMessage, { type: 'JW305' | 'JW307' }>,
): (StartProduct | StopProduct)[] {
  return message.type === 'JW305'
    ? message.content.Client.StartProducten.StartProduct
    : message.content.Client.StopProducten.StopProduct;
}
