/// <reference types="vite/client" />

declare module 'virtual:form-validators' {
  import type { ValidatorFunctions } from '@rjsf/validator-ajv8';
  /** Per form schema `$id`, its precompiled validator functions (built by src/web/form-validators.ts). */
  export const validators: Record<string, () => Promise<{ default: ValidatorFunctions }>>;
}
