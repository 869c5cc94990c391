import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type AuthService, startAuthService } from '../testing/auth-service';
import { type UsersHarness, startUsersHarness } from '../testing/users-harness';

// Both services' log lines at `trace` while people register, fail and confirm.
let logs = '';
const capture = () =>
  new Writable({
    write(chunk, _encoding, done) {
      logs += String(chunk);
      done();
    },
  });
let auth: AuthService;
let harness: UsersHarness;
beforeAll(async () => {
  auth = await startAuthService({ logTo: capture() });
  harness = await startUsersHarness({ auth, logTo: capture() });
});
afterAll(async () => {
  await harness.stop();
  await auth.stop();
});

const REGISTER = /* GraphQL */ `
  mutation ($input: RegisterInput!) {
    register(input: $input) {
      id
    }
  }
`;
const CONFIRM = /* GraphQL */ `
  mutation ($email: String!, $code: String!) {
    confirmRegistration(email: $email, code: $code) {
      status
    }
  }
`;

describe('registration logs', () => {
  it('never contain the password or the confirmation code', async () => {
    const email = 'quiet.registrant@weace.test';
    const weak = 'weakpassword';
    const password = 'Registered1pass';
    const register = (pass: string) =>
      harness.execute(REGISTER, { variables: { input: { email, password: pass, name: 'Q' } } });

    expect((await register(weak)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await register(password)).errors).toBeUndefined();
    const code = auth.signUpCode(email);
    const wrong = code === '000000' ? '111111' : '000000';
    await harness.execute(CONFIRM, { variables: { email, code: wrong } });
    const confirmed = await harness.execute(CONFIRM, { variables: { email, code } });
    expect(confirmed.data).toEqual({ confirmRegistration: { status: 'ACTIVE' } });

    expect(logs).toContain('"service":"auth"');
    for (const value of [weak, password, code, wrong]) expect(logs).not.toContain(value);
  });
});
