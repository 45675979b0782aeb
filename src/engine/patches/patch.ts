/** A change the hub makes to the FerretDB module source before it compiles it. */
export interface EnginePatch {
  /** File inside the module, relative to its root. */
  file: string;
  /** Exact text that must occur once in the released file; empty for a new file, which must not exist. */
  from: string;
  to: string;
  why: string;
}
