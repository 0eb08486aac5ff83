import type { Role, User } from '../../api'

/** The roles a user holds, in the order the UI names them. */
export function rolesOf(user: User): Role[] {
  const roles: Role[] = []
  if (user.clerk) roles.push('clerk')
  if (user.steward) roles.push('steward')
  return roles
}
