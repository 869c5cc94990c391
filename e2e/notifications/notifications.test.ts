import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '@weace/service-kit';
import { type TestStack, person, startTestStack } from '@weace/test-kit';
import { eventually } from '@weace/test-kit/subgraph';

let stack: TestStack;
let origin: string;
beforeAll(async () => {
  stack = await startTestStack();
  origin = new URL(stack.gatewayUrl).origin;
});
afterAll(() => stack.stop());

const LIST = /* GraphQL */ `
  query {
    myNotifications(first: 50) {
      totalCount
      edges {
        node {
          id
          title
          template
          read
        }
      }
    }
    myNotificationCounts {
      unread
      unseen
    }
  }
`;

type Inbox = {
  myNotifications: {
    totalCount: number;
    edges: { node: { id: string; title: string; template: string; read: boolean } }[];
  };
  myNotificationCounts: { unread: number; unseen: number };
};

describe('notifications through the gateway', () => {
  it('welcomes a new profile, and keeps the unread count exact under concurrent marks', async () => {
    const admin = person(Role.Admin);
    const learner = person();
    await stack.createProfile(admin);
    const { id: learnerId } = await stack.createProfile(learner);
    await eventually(async () => {
      const inbox = await stack.graphql<Inbox>(LIST, { as: learner });
      return (
        inbox.data?.myNotifications.edges.some((e) => e.node.template === 'user.registered') ??
        false
      );
    }, 30_000);

    for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9]) {
      const sent = await stack.graphql(
        /* GraphQL */ `
          mutation ($input: SendNotificationInput!) {
            sendNotification(input: $input) {
              id
            }
          }
        `,
        {
          as: admin,
          variables: {
            input: {
              audience: { userIds: [learnerId] },
              title: `Update ${n}`,
              body: 'Body',
              channels: ['IN_APP'],
              idempotencyKey: `e2e-update-${learnerId}-${n}`,
            },
          },
        },
      );
      expect(sent.errors).toBeUndefined();
    }
    await eventually(
      async () =>
        (await stack.graphql<Inbox>(LIST, { as: learner })).data?.myNotifications.totalCount === 10,
      30_000,
    );
    const { data } = await stack.graphql<Inbox>(LIST, { as: learner });
    const ids = data!.myNotifications.edges.map((e) => e.node.id);
    expect(data!.myNotificationCounts).toEqual({ unread: 10, unseen: 10 });

    // Marks that overlap, archives and a mark-all-seen, all at once.
    await Promise.all([
      ...ids.slice(0, 6).map((id, i) =>
        stack.graphql(`mutation ($ids: [ID!]!) { markNotificationsRead(ids: $ids) { id } }`, {
          as: learner,
          variables: { ids: [id, ids[i + 1]] },
        }),
      ),
      ...ids.slice(8).map((id) =>
        stack.graphql(`mutation ($id: ID!) { archiveNotification(id: $id) { id } }`, {
          as: learner,
          variables: { id },
        }),
      ),
      stack.graphql(`mutation { markNotificationsSeen { unseen } }`, { as: learner }),
    ]);
    const after = await stack.graphql<Inbox>(LIST, { as: learner });
    // 0-6 read, 8-9 archived: 7 is the one unread item left.
    expect(after.data!.myNotificationCounts).toEqual({ unread: 1, unseen: 0 });
    expect(
      after.data!.myNotifications.edges.filter((e) => !e.node.read).map((e) => e.node.id),
    ).toEqual([ids[7]]);

    // Nobody else reads it.
    const other = person();
    await stack.createProfile(other);
    const foreign = await stack.graphql(
      `query ($id: ID!) { notificationDeliveries(notificationId: $id) { id } }`,
      {
        as: other,
        variables: { id: ids[7] },
      },
    );
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('streams a new notification over SSE through the gateway, with the bearer token', async () => {
    const admin = person(Role.Admin);
    const learner = person();
    await stack.createProfile(admin);
    const { id: learnerId } = await stack.createProfile(learner);
    const { accessToken } = await stack.signIn(learner);
    const response = await fetch(`${origin}/notifications/stream`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(response.status).toBe(200);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = '';
    const reading = (async () => {
      while (!received.includes('Live one')) {
        const { value, done } = await reader.read();
        if (done) return;
        received += value;
      }
    })();
    await stack.graphql(
      /* GraphQL */ `
        mutation ($input: SendNotificationInput!) {
          sendNotification(input: $input) {
            id
          }
        }
      `,
      {
        as: admin,
        variables: {
          input: {
            audience: { userIds: [learnerId] },
            title: 'Live one',
            body: 'Pushed',
            channels: ['IN_APP'],
            idempotencyKey: `e2e-live-${learnerId}`,
          },
        },
      },
    );
    await Promise.race([reading, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    await reader.cancel();
    expect(received).toContain('event: notification');
    expect(received).toContain('"title":"Live one"');
  });
});
