/** Roles come from the identity provider's groups (`cognito:groups`). */
export enum Role {
  Admin = 'ADMIN',
  Coach = 'COACH',
  Organizer = 'ORGANIZER',
  Learner = 'LEARNER',
}

const ROLES = new Set<string>(Object.values(Role));

/** Keeps the known roles of a groups claim; everybody is at least a LEARNER. */
export function rolesFromGroups(groups: unknown): Role[] {
  const known = Array.isArray(groups) ? groups.filter((g): g is Role => ROLES.has(g)) : [];
  return known.includes(Role.Learner) ? known : [...known, Role.Learner];
}

/** A person, as the gateway verified them from their access token. */
export interface Identity {
  /** The identity provider's subject (`sub`), stable for the account's life. */
  readonly sub: string;
  /**
   * Their profile's `User.id`, how every service names people; the gateway
   * looks it up in users. Absent while the account has no profile yet.
   */
  readonly userId?: string;
  readonly email?: string;
  readonly roles: readonly Role[];
}

/** Who is calling a subgraph: a person through the gateway, nobody (public fields), or another service. */
export type Caller =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'user'; readonly identity: Identity }
  | {
      readonly kind: 'service';
      readonly service: string;
      /**
       * The root fields (queries and mutations) this service declared it calls;
       * the subgraph refuses any other, so a service is never an administrator.
       */
      readonly operations: readonly string[];
    };

export const ANONYMOUS: Caller = { kind: 'anonymous' };
