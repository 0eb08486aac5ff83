import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, expect, it, vi } from 'vitest'

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

it('asks a registered guard before leaving, and stays when it says no', async () => {
  const nav = useNavStore()
  nav.openDataset(3)
  let answer = false
  const guard = vi.fn(async () => answer)
  const remove = nav.addLeaveGuard(guard)
  await expect(nav.show('settings')).resolves.toBe(false)
  expect(nav.screen, 'unsaved edits keep the user where they are').toBe('datasets')
  expect(nav.dataset).toBe('3')
  await expect(nav.openDataset(4)).resolves.toBe(false)
  expect(nav.dataset).toBe('3')
  answer = true
  await expect(nav.closeDataset()).resolves.toBe(true)
  expect(nav.dataset).toBeNull()
  expect(guard).toHaveBeenCalledTimes(3)
  remove()
  nav.show('review')
  expect(nav.screen, 'without guards the move is immediate').toBe('review')
  expect(guard).toHaveBeenCalledTimes(3)
})

it('does not ask when the chosen screen is already shown', async () => {
  const nav = useNavStore()
  nav.show('settings')
  const guard = vi.fn(async () => false)
  nav.addLeaveGuard(guard)
  await expect(nav.show('settings')).resolves.toBe(true)
  expect(guard).not.toHaveBeenCalled()
})
