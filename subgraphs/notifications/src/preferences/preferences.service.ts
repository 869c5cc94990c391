import { BadUserInputError } from '@weace/service-kit';
import type { ClientSession } from 'mongoose';
import { notificationsDb } from '../db';
import { Category } from '../notification/notification.model';
import type {
  PushSubscriptionInput,
  UpdateNotificationPreferencesInput,
} from './preferences.inputs';
import {
  type CategoryPreference,
  Channel,
  DEFAULT_CHANNELS,
  type Preferences,
  PreferencesModel,
  categorySetting,
  defaultPreferences,
} from './preferences.model';

/** Most push subscriptions (browsers, devices) a person keeps. */
export const MAX_PUSH_SUBSCRIPTIONS = 10;

/** A person's own notification settings: each change is one atomic update of their document. */
export class PreferencesService {
  async mine(userId: string): Promise<Preferences> {
    return (
      (await PreferencesModel.findById(userId).lean<Preferences>()) ?? defaultPreferences(userId)
    );
  }

  categories(preferences: Preferences): CategoryPreference[] {
    return Object.values(Category).map((category) => categorySetting(preferences, category));
  }

  async update(userId: string, input: UpdateNotificationPreferencesInput): Promise<Preferences> {
    const $set: Record<string, unknown> = {};
    if (input.channels) $set.channels = [...new Set(input.channels)];
    const seen = new Set<Category>();
    for (const [i, entry] of (input.categories ?? []).entries()) {
      if (seen.has(entry.category)) {
        throw new BadUserInputError(
          `${entry.category} is listed twice`,
          `categories.${i}.category`,
        );
      }
      seen.add(entry.category);
      $set[`categorySettings.${entry.category}`] = {
        channels: [...new Set(entry.channels)],
        digest: entry.digest,
      };
    }
    if (input.quietHours) $set.quietHours = { ...input.quietHours };
    if (input.digestHour != null) $set.digestHour = input.digestHour;
    const updated = await PreferencesModel.findOneAndUpdate(
      { _id: userId },
      { $set },
      { upsert: true, returnDocument: 'after', setDefaultsOnInsert: true },
    ).lean<Preferences>();
    return updated!;
  }

  /**
   * Turns one category's email off (an unsubscribe link): two guarded updates
   * in one transaction, so it is idempotent and never loses a concurrent change.
   */
  unsubscribeEmail(userId: string, category: Category): Promise<void> {
    return notificationsDb.transaction(async (session: ClientSession) => {
      await PreferencesModel.updateOne(
        { _id: userId },
        { $setOnInsert: { _id: userId } },
        { upsert: true, session, setDefaultsOnInsert: true },
      );
      await PreferencesModel.updateOne(
        { _id: userId, [`categorySettings.${category}`]: { $exists: false } },
        {
          $set: {
            [`categorySettings.${category}`]: { channels: [...DEFAULT_CHANNELS], digest: false },
          },
        },
        { session },
      );
      await PreferencesModel.updateOne(
        { _id: userId },
        {
          $pull: { [`categorySettings.${category}.channels`]: Channel.EMAIL },
          $set: { [`categorySettings.${category}.digest`]: false },
        },
        { session },
      );
    });
  }

  async registerPush(userId: string, input: PushSubscriptionInput): Promise<Preferences> {
    const subscription = {
      endpoint: input.endpoint,
      keys: { p256dh: input.p256dh, auth: input.auth },
      createdAt: new Date(),
    };
    return notificationsDb.transaction(async (session) => {
      await PreferencesModel.updateOne(
        { _id: userId },
        { $pull: { pushSubscriptions: { endpoint: input.endpoint } } },
        { upsert: true, session, setDefaultsOnInsert: true },
      );
      // The guard keeps the list bounded even under concurrent registrations.
      const updated = await PreferencesModel.findOneAndUpdate(
        { _id: userId, [`pushSubscriptions.${MAX_PUSH_SUBSCRIPTIONS - 1}`]: { $exists: false } },
        { $push: { pushSubscriptions: subscription } },
        { session, returnDocument: 'after' },
      ).lean<Preferences>();
      if (!updated) {
        throw new BadUserInputError(
          `At most ${MAX_PUSH_SUBSCRIPTIONS} push subscriptions; remove one first`,
          'input.endpoint',
        );
      }
      return updated;
    });
  }

  async removePush(userId: string, endpoint: string): Promise<Preferences> {
    const updated = await PreferencesModel.findOneAndUpdate(
      { _id: userId },
      { $pull: { pushSubscriptions: { endpoint } } },
      { returnDocument: 'after' },
    ).lean<Preferences>();
    return updated ?? defaultPreferences(userId);
  }
}
