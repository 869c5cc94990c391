import { type ServiceContext, byKeys, defineLoader } from '@weace/service-kit';
import { type SessionTypeDocument, SessionTypeModel } from './session-type.model';

/** Session types by id, one `find` per request (the types of a list of sessions). */
export const sessionTypeById = defineLoader<string, SessionTypeDocument | null, ServiceContext>({
  name: 'sessionTypeById',
  async batch(ids) {
    const types = await SessionTypeModel.find({ _id: { $in: ids } }).exec();
    return byKeys(ids, types, (type) => type.id as string);
  },
});
