import { BadUserInputError, ForbiddenError, NotFoundError } from '@weace/service-kit';
import { Types } from 'mongoose';
import type { Logger } from 'pino';
import type { Actor } from '../caller';
import { type CoachingSessionDocument, CoachingSessionModel } from '../booking/session.model';
import { NoteVisibility, type SessionNoteDocument, SessionNoteModel } from './session-note.model';

export const MAX_NOTE_LENGTH = 20_000;

function checkBody(body: string): string {
  const trimmed = body.trim();
  if (!trimmed || trimmed.length > MAX_NOTE_LENGTH) {
    throw new BadUserInputError(`A note holds 1 to ${MAX_NOTE_LENGTH} characters`, 'body');
  }
  return trimmed;
}

export const isParty = (actor: Actor, session: CoachingSessionDocument) =>
  session.coachId === actor.userId || session.coacheeId === actor.userId;

/**
 * Whether `actor` may read `note` of `session`: a PRIVATE note its author
 * alone, a SHARED one the session's coach and coachee. Nobody else, ADMIN
 * included (the ICF code: the sponsor never reads the content).
 */
export function mayReadNote(
  actor: Actor,
  note: SessionNoteDocument,
  session: CoachingSessionDocument,
): boolean {
  if (note.visibility === NoteVisibility.PRIVATE) return note.authorId === actor.userId;
  return isParty(actor, session);
}

/**
 * Notes on sessions. A refused read or write is FORBIDDEN and leaves an
 * audit line naming who, which note and why, never the body.
 */
export class NoteService {
  async add(
    actor: Actor,
    sessionId: string,
    body: string,
    visibility: NoteVisibility,
    logger: Logger,
  ): Promise<SessionNoteDocument> {
    const session = await sessionById(sessionId);
    if (!isParty(actor, session)) {
      audit(logger, actor, 'add', { sessionId });
      throw new ForbiddenError('Only the session’s coach and coachee write notes on it');
    }
    return SessionNoteModel.create({
      sessionId: session._id,
      authorId: actor.userId,
      body: checkBody(body),
      visibility,
    });
  }

  async update(actor: Actor, id: string, body: string, logger: Logger) {
    const note = await noteById(id);
    if (note.authorId !== actor.userId) {
      audit(logger, actor, 'update', { noteId: id, sessionId: note.sessionId.toHexString() });
      throw new ForbiddenError('Only its author changes a note');
    }
    const updated = await SessionNoteModel.findOneAndUpdate(
      { _id: note._id, authorId: actor.userId },
      { $set: { body: checkBody(body) } },
      { returnDocument: 'after' },
    );
    if (!updated) throw new NotFoundError('Session note', id);
    return updated;
  }

  /** One note, to a reader allowed it; FORBIDDEN (audited) to anybody else. */
  async read(actor: Actor, id: string, logger: Logger): Promise<SessionNoteDocument> {
    const note = await noteById(id);
    const session = await sessionById(note.sessionId.toHexString());
    if (!mayReadNote(actor, note, session)) {
      audit(logger, actor, 'read', { noteId: id, sessionId: note.sessionId.toHexString() });
      throw new ForbiddenError('This note is not yours to read');
    }
    return note;
  }
}

/** The audit line of a refused access: who, what and which note; never its content. */
function audit(
  logger: Logger,
  actor: Actor,
  action: 'add' | 'read' | 'update',
  target: { noteId?: string; sessionId: string },
): void {
  logger.warn(
    { audit: 'session-note.refused', action, actorId: actor.userId, roles: actor.roles, ...target },
    'session note access refused',
  );
}

async function sessionById(id: string): Promise<CoachingSessionDocument> {
  const session = Types.ObjectId.isValid(id) ? await CoachingSessionModel.findById(id) : null;
  if (!session) throw new NotFoundError('Coaching session', id);
  return session;
}

async function noteById(id: string): Promise<SessionNoteDocument> {
  const note = Types.ObjectId.isValid(id) ? await SessionNoteModel.findById(id) : null;
  if (!note) throw new NotFoundError('Session note', id);
  return note;
}
