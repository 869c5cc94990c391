import { type ServiceContext, byKeys, defineLoader, isObjectIdHex } from '@weace/service-kit';
import { NOT_DELETED, type UserDocument, UserModel, isSubjectOf } from './user.model';

/**
 * Users by id, one `find` per request however many are asked for: entity
 * references from the gateway and the nodes of follower lists come through
 * here. Ids that cannot exist resolve to null without reaching the database.
 */
export const userById = defineLoader<string, UserDocument | null, ServiceContext>({
  name: 'userById',
  async batch(ids) {
    const valid = ids.filter(isObjectIdHex);
    const users = valid.length
      ? await UserModel.find({ _id: { $in: valid }, ...NOT_DELETED }).exec()
      : [];
    return byKeys(ids, users, (user) => user.id as string);
  },
});

/** Users by the identity provider's subject, one `find` per request. */
export const userBySubject = defineLoader<string, UserDocument | null, ServiceContext>({
  name: 'userBySubject',
  async batch(subjects) {
    const users = await UserModel.find({
      $or: [{ subject: { $in: subjects } }, { linkedSubjects: { $in: subjects } }],
      ...NOT_DELETED,
    }).exec();
    return subjects.map((subject) => users.find((user) => isSubjectOf(user, subject)) ?? null);
  },
});
