/** Starts the app afresh: after a restore every store holds the replaced
 * workspace's data, and a reload is the one way to be sure none is left. */
export function reloadApp(): void {
  window.location.reload()
}
