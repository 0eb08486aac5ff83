import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, expect, it } from 'vitest'

import { useNavStore } from './nav'

beforeEach(() => {
  setActivePinia(createPinia())
})

it('opens a dataset on the dataset screen, by id as the commands take it', () => {
  const nav = useNavStore()
  nav.show('review')
  nav.openDataset(12)
  expect(nav.screen).toBe('datasets')
  expect(nav.dataset).toBe('12')
})

it('counts each opening, so opening the shown dataset again shows it afresh', () => {
  const nav = useNavStore()
  nav.openDataset(12)
  const first = nav.visit
  nav.openDataset(12)
  expect(nav.visit).toBe(first + 1)
})

it('leaves the dataset when a screen is chosen in the navigation', () => {
  const nav = useNavStore()
  nav.openDataset(3)
  nav.show('datasets')
  expect(nav.dataset, 'choosing "Datasets" leads back to the list').toBeNull()
})
