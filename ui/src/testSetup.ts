import { afterEach } from 'vitest'

import { clearNotices } from './notify'

// Test setup for every Vitest file (see vite.config.ts).
//
// happy-dom's Element#toString returns the element's outerHTML, serialising its
// whole subtree; a browser returns "[object HTMLDivElement]". Popper (inside
// Element Plus) calls it on every position update to tell a window from an
// element, which made each test of a large form take seconds. Behave like a
// browser.
Object.defineProperty(Element.prototype, 'toString', {
  configurable: true,
  value(this: Element) {
    return `[object ${this.constructor.name}]`
  },
})

// The status line and the open toasts are the app's, kept between renders: each
// test starts without the last one's.
afterEach(() => clearNotices())
