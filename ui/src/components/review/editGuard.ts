// Asking before an edit that withdraws a submission or voids an approval. The
// dataset view provides the question (it knows the status); the tabs that save
// (metadata, data dictionary, masking choices) ask it before writing.

import { inject, type InjectionKey } from 'vue'

/** Resolves true when the edit may go ahead. */
export type EditGuard = () => Promise<boolean>

export const EDIT_GUARD: InjectionKey<EditGuard> = Symbol('editGuard')

/** The guard of the dataset shown; outside a dataset view every edit may go ahead. */
export function useEditGuard(): EditGuard {
  return inject(EDIT_GUARD, () => Promise.resolve(true))
}
