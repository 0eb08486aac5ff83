/**
 * Freezes the built-in prototypes so that an injected or compromised script cannot
 * pollute them (prototype pollution turns data into code paths).
 *
 * Tauri's own `freezePrototype` freezes them before any script runs, which breaks
 * dayjs (bundled by Element Plus): at load it assigns `valueOf` and `toString` on
 * its prototype, and assigning a property that a frozen prototype holds fails in
 * strict code. Freezing here, after every module has been evaluated, keeps the
 * protection for everything that runs later. The real-window test checks it.
 */
export function hardenPrototypes(): void {
  for (const proto of [Object.prototype, Function.prototype, Array.prototype, String.prototype]) {
    Object.freeze(proto)
  }
}
