import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { callers } from '@weace/test-kit/subgraph';
import { Category, NotificationModel } from './notification.model';
import {
  type NotificationsHarness,
  startNotificationsHarness,
} from '../testing/notifications-harness';

let harness: NotificationsHarness;
beforeAll(async () => {
  harness = await startNotificationsHarness();
});
afterAll(() => harness.stop());
beforeEach(() => harness.clear());

/** `count` inbox items of `userId`, oldest first, alternating categories. */
async function inbox(userId: string, count: number) {
  const base = Date.now();
  return NotificationModel.insertMany(
    Array.from({ length: count }, (_, i) => ({
      userId,
      category: i % 2 ? Category.EVENTS : Category.TRAINING,
      template: 'test',
      title: `Item ${i}`,
      body: 'Body',
      link: null,
      sourceKey: `source-${i}`,
      actorId: null,
      createdAt: new Date(base + i),
    })),
  );
}

const LIST = /* GraphQL */ `
  query ($first: Int, $after: String, $filter: NotificationFilter) {
    myNotifications(first: $first, after: $after, filter: $filter) {
      totalCount
      edges {
        node {
          id
          title
          category
          read
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;
const COUNTS = /* GraphQL */ `
  {
    myNotificationCounts {
      unread
      unseen
    }
  }
`;

type ListResult = {
  myNotifications: {
    totalCount: number;
    edges: { node: { id: string; title: string; category: string; read: boolean } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};

describe('the inbox', () => {
  it('pages newest first with cursors, and filters by read state and category', async () => {
    await inbox('me', 5);
    const me = callers.user('me');
    const first = await harness.execute<ListResult>(LIST, { caller: me, variables: { first: 3 } });
    expect(first.data?.myNotifications.edges.map((e) => e.node.title)).toEqual([
      'Item 4',
      'Item 3',
      'Item 2',
    ]);
    expect(first.data?.myNotifications.pageInfo.hasNextPage).toBe(true);
    const next = await harness.execute<ListResult>(LIST, {
      caller: me,
      variables: { first: 3, after: first.data?.myNotifications.pageInfo.endCursor },
    });
    expect(next.data?.myNotifications.edges.map((e) => e.node.title)).toEqual(['Item 1', 'Item 0']);

    const itemIds = first.data!.myNotifications.edges.map((e) => e.node.id);
    await harness.execute(`mutation ($ids: [ID!]!) { markNotificationsRead(ids: $ids) { id } }`, {
      caller: me,
      variables: { ids: [itemIds[0]] },
    });
    const unread = await harness.execute<ListResult>(LIST, {
      caller: me,
      variables: { filter: { read: false, category: 'TRAINING' } },
    });
    expect(unread.data?.myNotifications.edges.map((e) => e.node.title)).toEqual([
      'Item 2',
      'Item 0',
    ]);
  });

  it('archives an item, which also marks it read and takes it out of the inbox', async () => {
    const [item] = await inbox('me', 2);
    const me = callers.user('me');
    const archived = await harness.execute<{ archiveNotification: { read: boolean } }>(
      `mutation ($id: ID!) { archiveNotification(id: $id) { read } }`,
      { caller: me, variables: { id: String(item!._id) } },
    );
    expect(archived.data?.archiveNotification.read).toBe(true);
    const counts = await harness.execute(COUNTS, { caller: me });
    expect(counts.data).toEqual({ myNotificationCounts: { unread: 1, unseen: 1 } });
    const archive = await harness.execute<ListResult>(LIST, {
      caller: me,
      variables: { filter: { archived: true } },
    });
    expect(archive.data?.myNotifications.totalCount).toBe(1);
  });

  it('keeps the unread count exact under concurrent marks', async () => {
    const items = await inbox('me', 40);
    const me = callers.user('me');
    const ids = items.map((item) => String(item._id));
    await Promise.all([
      ...ids.slice(0, 20).map((id) =>
        harness.execute(`mutation ($ids: [ID!]!) { markNotificationsRead(ids: $ids) { id } }`, {
          caller: me,
          variables: { ids: [id, ids[(ids.indexOf(id) + 1) % 40]] },
        }),
      ),
      ...ids.slice(30, 35).map((id) =>
        harness.execute(`mutation ($id: ID!) { archiveNotification(id: $id) { id } }`, {
          caller: me,
          variables: { id },
        }),
      ),
      harness.execute(`mutation { markNotificationsSeen { unseen } }`, { caller: me }),
    ]);
    const expected = await NotificationModel.countDocuments({
      userId: 'me',
      readAt: null,
      archivedAt: null,
    });
    // Items 0-20 read (21), 30-34 archived: 40 - 21 - 5 = 14 unread.
    expect(expected).toBe(14);
    const counts = await harness.execute(COUNTS, { caller: me });
    expect(counts.data).toEqual({ myNotificationCounts: { unread: 14, unseen: 0 } });
  });

  it("refuses to read or change another person's items [NOT_FOUND], and marks nothing", async () => {
    const [theirs] = await inbox('them', 1);
    const [mine] = await inbox('me', 1);
    const me = callers.user('me');
    const marked = await harness.execute(
      `mutation ($ids: [ID!]!) { markNotificationsRead(ids: $ids) { id } }`,
      { caller: me, variables: { ids: [String(mine!._id), String(theirs!._id)] } },
    );
    expect(marked.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await NotificationModel.countDocuments({ readAt: { $ne: null } })).toBe(0);
    const archived = await harness.execute(
      `mutation ($id: ID!) { archiveNotification(id: $id) { id } }`,
      {
        caller: me,
        variables: { id: String(theirs!._id) },
      },
    );
    expect(archived.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const deliveries = await harness.execute(
      `query ($id: ID!) { notificationDeliveries(notificationId: $id) { id } }`,
      { caller: me, variables: { id: String(theirs!._id) } },
    );
    expect(deliveries.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const list = await harness.execute<ListResult>(LIST, { caller: me });
    expect(list.data?.myNotifications.totalCount).toBe(1);
  });

  it('needs a sign-in [UNAUTHENTICATED] and names a bad id [BAD_USER_INPUT]', async () => {
    const anonymous = await harness.execute(COUNTS);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const bad = await harness.execute(`mutation { markNotificationsRead(ids: ["nope"]) { id } }`, {
      caller: callers.user('me'),
    });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['ids'] });
  });
});
