import { type ServiceContext, defineLoader } from '@weace/service-kit';
import type { CoachingSessionDocument } from '../booking/session.model';
import { actorOf } from '../caller';
import { NoteVisibility, type SessionNoteDocument, SessionNoteModel } from './session-note.model';
import { isParty, mayReadNote } from './note.service';

/**
 * The notes of each session the caller may read, oldest first, one `find`
 * per request: a list of sessions with their notes costs one query, and a
 * session the caller is no party to has none (ADMIN included).
 */
export const readableNotes = defineLoader<
  CoachingSessionDocument,
  SessionNoteDocument[],
  ServiceContext
>({
  name: 'readableNotes',
  cacheKey: (session) => session.id as string,
  async batch(sessions, context) {
    const actor = actorOf(context);
    const theirs = sessions.filter((session) => isParty(actor, session));
    const notes = theirs.length
      ? await SessionNoteModel.find({
          sessionId: { $in: theirs.map((session) => session._id) },
          $or: [{ authorId: actor.userId }, { visibility: NoteVisibility.SHARED }],
        })
          .sort({ _id: 1 })
          .exec()
      : [];
    return sessions.map((session) =>
      notes.filter(
        (note) => note.sessionId.equals(session._id) && mayReadNote(actor, note, session),
      ),
    );
  },
});
