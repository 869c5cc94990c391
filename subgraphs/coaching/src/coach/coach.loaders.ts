import { type ServiceContext, byKeys, defineLoader } from '@weace/service-kit';
import { type SessionTypeDocument, SessionTypeModel } from '../session-type/session-type.model';
import { type CoachProfileDocument, CoachProfileModel } from './coach-profile.model';
import { personId } from './coach.service';

/** Coach profiles by `User.id`, one `find` per request (entity references, `User.coachProfile`). */
export const coachById = defineLoader<string, CoachProfileDocument | null, ServiceContext>({
  name: 'coachById',
  async batch(ids) {
    const valid = ids.flatMap((id) => personId(id) ?? []);
    const profiles = valid.length
      ? await CoachProfileModel.find({ _id: { $in: valid } }).exec()
      : [];
    return byKeys(ids, profiles, (profile) => profile.id as string);
  },
});

/** The active session types of each coach, one `find` per request. */
export const sessionTypesOfCoach = defineLoader<string, SessionTypeDocument[], ServiceContext>({
  name: 'sessionTypesOfCoach',
  async batch(coachIds) {
    const types = await SessionTypeModel.find({ coachId: { $in: coachIds }, active: true })
      .sort({ _id: 1 })
      .exec();
    return coachIds.map((coachId) => types.filter((type) => type.coachId === coachId));
  },
});
