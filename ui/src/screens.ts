/** The top-level screens, in navigation order. */
export const SCREENS = ['overview', 'datasets', 'review', 'publish', 'settings', 'help'] as const
export type Screen = (typeof SCREENS)[number]

export function isScreen(value: unknown): value is Screen {
  return SCREENS.some((s) => s === value)
}
