import { createHash, timingSafeEqual } from 'node:crypto';

/** A demo account that can sign in on the local provider's login page. */
export interface LocalOidcAccount {
  readonly email: string;
  readonly password: string;
  readonly name: string;
  /** Put in tokens as `cognito:groups`, like the Hosted UI's tokens. */
  readonly groups: readonly string[];
  /** The subject. Default: a UUID derived from the email, so it survives restarts. */
  readonly sub?: string;
}

export interface DirectoryAccount {
  readonly sub: string;
  readonly email: string;
  readonly name: string;
  readonly groups: readonly string[];
}

/** The demo accounts, found by subject or checked by email and password. */
export class AccountDirectory {
  private readonly bySub = new Map<string, DirectoryAccount>();
  private readonly byEmail = new Map<string, { account: DirectoryAccount; digest: Buffer }>();

  constructor(accounts: readonly LocalOidcAccount[]) {
    for (const { password, ...account } of accounts) {
      const email = account.email.trim().toLowerCase();
      const entry = { ...account, email, sub: account.sub ?? stableSub(email) };
      this.bySub.set(entry.sub, entry);
      this.byEmail.set(email, { account: entry, digest: digest(password) });
    }
  }

  find(sub: string): DirectoryAccount | undefined {
    return this.bySub.get(sub);
  }

  /** The account when email and password match; one constant-time comparison either way. */
  authenticate(email: string, password: string): DirectoryAccount | undefined {
    const entry = this.byEmail.get(email.trim().toLowerCase());
    const matches = timingSafeEqual(entry?.digest ?? digest(''), digest(password));
    return entry && matches ? entry.account : undefined;
  }
}

function digest(password: string): Buffer {
  return createHash('sha256').update(password).digest();
}

// A version-8 (custom) UUID from the email's hash: the same account keeps its subject.
function stableSub(email: string): string {
  const hex = createHash('sha256').update(`weace-local-oidc:${email}`).digest('hex');
  const variant = (8 | (parseInt(hex.charAt(16), 16) & 3)).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
