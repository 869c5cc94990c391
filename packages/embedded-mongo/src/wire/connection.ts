import type { Socket } from 'node:net';
import type { Document } from 'bson';
import type { CommandContext, Engine } from '../engine/types';
import { MessageFramer } from './framer';
import type { Logger } from './logger';
import {
  encodeReply,
  parseMessage,
  ProtocolViolation,
  type CommandRequest,
  type Request,
} from './protocol';

/**
 * A client may pipeline requests; past these bounds the socket stops being
 * read until the backlog is answered, so one client cannot exhaust memory.
 */
const MAX_QUEUED_MESSAGES = 64;
const MAX_QUEUED_BYTES = 64 * 1024 * 1024;

export interface ConnectionOptions {
  readonly connectionId: number;
  readonly engine: Engine;
  readonly logger: Logger;
  /** Allocates the requestID of each reply. */
  readonly nextReplyId: () => number;
}

function internalError(): Document {
  return {
    ok: 0,
    errmsg: 'internal error while running the command; see the server log',
    code: 1,
    codeName: 'InternalError',
  };
}

/** Resolves once the socket can take more data or is gone. */
function writable(socket: Socket): Promise<void> {
  if (socket.destroyed || !socket.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}

/**
 * One client connection. Requests are handled strictly one after another, as
 * mongod does, so replies leave in request order and a later command on the
 * same connection sees the effects of an earlier one.
 */
export class Connection {
  private readonly framer = new MessageFramer();
  private readonly queue: Buffer[] = [];
  private queuedBytes = 0;
  private paused = false;
  private draining = false;
  private closed = false;
  private readonly context: CommandContext;
  private readonly remote: string;

  constructor(
    private readonly socket: Socket,
    private readonly options: ConnectionOptions,
  ) {
    this.context = { connectionId: options.connectionId };
    this.remote = `${socket.remoteAddress}:${socket.remotePort}`;
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    // Resets and broken pipes are how clients often leave; only note them.
    socket.on('error', (error) =>
      options.logger.info(
        { connectionId: options.connectionId, remote: this.remote, error: error.message },
        'connection error',
      ),
    );
    socket.on('close', () => {
      this.closed = true;
      this.queue.length = 0;
    });
  }

  /** Closes the connection now, dropping unsent replies (server shutdown). */
  destroy(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    try {
      this.enqueue(chunk);
    } catch (error) {
      // An exception in a socket event handler would take the whole process down.
      this.fail(error);
    }
  }

  private enqueue(chunk: Buffer): void {
    if (this.closed) return;
    for (const message of this.framer.push(chunk)) {
      this.queue.push(message);
      this.queuedBytes += message.length;
    }
    const backlogged =
      this.queue.length >= MAX_QUEUED_MESSAGES || this.queuedBytes >= MAX_QUEUED_BYTES;
    if (this.framer.violation !== undefined || (backlogged && !this.paused)) {
      this.socket.pause();
      this.paused = true;
    }
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let message = this.queue.shift(); message !== undefined; message = this.queue.shift()) {
        this.queuedBytes -= message.length;
        if (this.paused && this.queue.length === 0 && this.framer.violation === undefined) {
          this.paused = false;
          this.socket.resume();
        }
        await this.handle(message);
        if (this.closed) return;
      }
      // Only after answering everything that came before the bad header.
      if (this.framer.violation !== undefined) this.reject(this.framer.violation);
    } catch (error) {
      this.fail(error);
    } finally {
      this.draining = false;
    }
  }

  private async handle(message: Buffer): Promise<void> {
    let request: Request;
    try {
      request = parseMessage(message);
    } catch (error) {
      if (!(error instanceof ProtocolViolation)) throw error;
      this.reject(error);
      return;
    }
    const reply = request.kind === 'command' ? await this.run(request) : request.reply;
    if (request.moreToCome || this.closed) return;
    await this.send(request, reply);
  }

  private async run(request: CommandRequest): Promise<Document> {
    try {
      return await this.options.engine.runCommand(request.db, request.command, this.context);
    } catch (error) {
      // The engine answers command errors itself; reaching here is a bug in it.
      this.options.logger.error(
        {
          connectionId: this.options.connectionId,
          db: request.db,
          command: Object.keys(request.command)[0],
          error,
        },
        'command threw instead of replying',
      );
      return internalError();
    }
  }

  private async send(request: Request, reply: Document): Promise<void> {
    let parts: [Buffer, Uint8Array];
    try {
      parts = encodeReply(request, reply, this.options.nextReplyId());
    } catch (error) {
      this.options.logger.error(
        { connectionId: this.options.connectionId, error },
        'reply could not be encoded as BSON',
      );
      parts = encodeReply(request, internalError(), this.options.nextReplyId());
    }
    this.socket.cork();
    this.socket.write(parts[0]);
    this.socket.write(parts[1]);
    this.socket.uncork();
    await writable(this.socket);
  }

  /** A bug, not bad input: log it and drop this connection only. */
  private fail(error: unknown): void {
    this.options.logger.error(
      { connectionId: this.options.connectionId, remote: this.remote, error },
      'unexpected failure; closing the connection',
    );
    this.destroy();
  }

  /** Logs why (never what the message contained) and closes once earlier replies are out. */
  private reject(violation: ProtocolViolation): void {
    this.options.logger.warn(
      { connectionId: this.options.connectionId, remote: this.remote, reason: violation.message },
      'closing connection: invalid message',
    );
    this.closed = true;
    this.queue.length = 0;
    this.socket.destroySoon();
  }
}
