import { type ServiceContext, byKeys, defineLoader } from '@weace/service-kit';
import { type CoachingSessionDocument, CoachingSessionModel } from './session.model';

/** Sessions by id, one `find` per request (the sessions a list of rescheduled ones replaced). */
export const sessionById = defineLoader<string, CoachingSessionDocument | null, ServiceContext>({
  name: 'sessionById',
  async batch(ids) {
    const sessions = await CoachingSessionModel.find({ _id: { $in: ids } }).exec();
    return byKeys(ids, sessions, (session) => session.id as string);
  },
});
