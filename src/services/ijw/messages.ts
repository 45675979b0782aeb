/** The iJw messages the hub takes. */
import type { Payload } from '../../validation/payloads';

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
