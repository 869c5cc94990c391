import type { ServiceContext } from '@weace/service-kit';
import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { actorOf } from '../caller';
import { CoachingSession, type CoachingSessionDocument } from '../booking/session.model';
import { NoteVisibility, SessionNote, type SessionNoteDocument } from './session-note.model';
import { readableNotes } from './note.loaders';
import type { NoteService } from './note.service';

@Resolver(() => SessionNote)
export class NoteResolver {
  constructor(private readonly notes: NoteService) {}

  @Authorized()
  @Query(() => SessionNote, {
    description: 'FORBIDDEN unless the caller may read it (PRIVATE: its author only)',
  })
  sessionNote(
    @Arg('id', () => ID) id: string,
    @Ctx() context: ServiceContext,
  ): Promise<SessionNoteDocument> {
    return this.notes.read(actorOf(context), id, context.logger);
  }

  @Authorized()
  @Mutation(() => SessionNote, { description: 'The session’s coach or coachee writes a note' })
  addSessionNote(
    @Arg('sessionId', () => ID) sessionId: string,
    @Arg('body') body: string,
    @Arg('visibility', () => NoteVisibility) visibility: NoteVisibility,
    @Ctx() context: ServiceContext,
  ): Promise<SessionNoteDocument> {
    return this.notes.add(actorOf(context), sessionId, body, visibility, context.logger);
  }

  @Authorized()
  @Mutation(() => SessionNote, { description: 'Its author changes the body' })
  updateSessionNote(
    @Arg('id', () => ID) id: string,
    @Arg('body') body: string,
    @Ctx() context: ServiceContext,
  ): Promise<SessionNoteDocument> {
    return this.notes.update(actorOf(context), id, body, context.logger);
  }
}

@Resolver(() => CoachingSession)
export class SessionNotesResolver {
  @FieldResolver(() => [SessionNote], { description: 'Only the notes the caller may read' })
  notes(
    @Root() session: CoachingSessionDocument,
    @Ctx() context: ServiceContext,
  ): Promise<SessionNoteDocument[]> {
    return context.loaders.get(readableNotes).load(session);
  }
}
