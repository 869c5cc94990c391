import type { ServiceRequest } from '@weace/service-kit';

/**
 * The sign-in accounts registration creates, in the auth service (its
 * `@inaccessible` createIdentityAccount and confirmIdentityAccount). Their
 * errors come back with the auth service's codes: CONFLICT for a taken email,
 * BAD_USER_INPUT naming `password` or `code`.
 */
export interface IdentityAccounts {
  /** Resolves to the account's subject (Cognito's UserSub). */
  create(input: { email: string; password: string; name: string }): Promise<string>;
  confirm(input: { email: string; code: string }): Promise<void>;
}

const CREATE = /* GraphQL */ `
  mutation CreateIdentityAccount($email: String!, $password: String!, $name: String) {
    createIdentityAccount(email: $email, password: $password, name: $name) {
      subject
    }
  }
`;

const CONFIRM = /* GraphQL */ `
  mutation ConfirmIdentityAccount($email: String!, $code: String!) {
    confirmIdentityAccount(email: $email, code: $code)
  }
`;

/** Identity accounts through the auth service, with `request` signed as the users service. */
export function identityAccountsAt(request: ServiceRequest): IdentityAccounts {
  return {
    async create(input) {
      const data = await request<{ createIdentityAccount: { subject: string } }>(CREATE, input);
      return data.createIdentityAccount.subject;
    },
    async confirm(input) {
      await request(CONFIRM, input);
    },
  };
}
