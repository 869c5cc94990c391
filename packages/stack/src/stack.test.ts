import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD } from './demo-organisation';
import { type Stack, startStack } from './stack';

const root = resolve(__dirname, '..', '..', '..');
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'weace-stack-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const start = () =>
  startStack({ mode: 'test', root, ports: 'ephemeral', dataDir, seedDemoData: true });

interface Profile {
  id: string;
  subject: string;
  name: string;
}

/** Ada's profile, as her password login through the gateway sees it. */
async function adasProfile(stack: Stack): Promise<Profile> {
  const post = async <T>(query: string, token?: string): Promise<T> => {
    const response = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token && { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify({ query }),
    });
    return ((await response.json()) as { data: T }).data;
  };
  const { login } = await post<{ login: { accessToken: string } }>(
    `mutation { login(email: "ada.admin@weace.dev", password: "${DEMO_PASSWORD}") { accessToken } }`,
  );
  return (await post<{ me: Profile }>(`{ me { id subject name } }`, login.accessToken)).me;
}

describe('the demo organisation across restarts', () => {
  it('keeps accounts and profiles, and relinks profiles when the user pool is recreated', async () => {
    const first = await start();
    const before = await adasProfile(first);
    const subject = first.identity.people.find((p) => p.email === 'ada.admin@weace.dev')?.subject;
    await first.stop();
    expect(before).toMatchObject({ subject, name: 'Ada Admin' });

    const again = await start();
    expect(await adasProfile(again)).toEqual(before);
    await again.stop();

    // A new user pool gives Ada a new subject; it is linked to her profile, whose own stays.
    await rm(join(dataDir, 'cognito'), { recursive: true });
    const recreated = await start();
    try {
      const after = await adasProfile(recreated);
      expect(after).toEqual(before);
    } finally {
      await recreated.stop();
    }
    // Three starts, each service seeding its demo data on the first.
  }, 120_000);
});
