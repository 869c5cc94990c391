import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { deserialize, serialize, type Document } from 'bson';
import { crc32c } from './crc32c';
import { MessageFramer } from './framer';
import { HEADER_BYTES, OP_MSG, OP_QUERY, readHeader } from './protocol';

/**
 * Test fixture: a byte-level wire client, for what the official driver cannot
 * be made to send (legacy OP_QUERY, document sequences, garbage, pipelining).
 */

function header(length: number, requestId: number, opCode: number): Buffer {
  const bytes = Buffer.alloc(HEADER_BYTES);
  bytes.writeInt32LE(length, 0);
  bytes.writeInt32LE(requestId, 4);
  bytes.writeInt32LE(opCode, 12);
  return bytes;
}

export interface OpMsgOptions {
  readonly requestId?: number;
  readonly flags?: number;
  /** Kind-1 sections: identifier and documents. */
  readonly sequences?: ReadonlyArray<readonly [string, readonly Document[]]>;
  /** Append a CRC-32C and set checksumPresent; `corrupt` writes a wrong one. */
  readonly checksum?: 'valid' | 'corrupt';
}

export function opMsg(body: Document, options: OpMsgOptions = {}): Buffer {
  const sections: Buffer[] = [Buffer.from([0]), Buffer.from(serialize(body))];
  for (const [identifier, documents] of options.sequences ?? []) {
    const payload = Buffer.concat([
      Buffer.from(`${identifier}\0`),
      ...documents.map((document) => Buffer.from(serialize(document))),
    ]);
    const size = Buffer.alloc(4);
    size.writeInt32LE(payload.length + 4);
    sections.push(Buffer.from([1]), size, payload);
  }
  let flags = options.flags ?? 0;
  if (options.checksum) flags |= 1;
  const flagBytes = Buffer.alloc(4);
  flagBytes.writeUInt32LE(flags >>> 0);
  const checksumBytes = options.checksum ? 4 : 0;
  const length = HEADER_BYTES + 4 + sections.reduce((sum, s) => sum + s.length, 0) + checksumBytes;
  const message = Buffer.concat([
    header(length, options.requestId ?? 1, OP_MSG),
    flagBytes,
    ...sections,
    Buffer.alloc(checksumBytes),
  ]);
  if (options.checksum) {
    const crc = crc32c(message.subarray(0, length - 4));
    message.writeUInt32LE(options.checksum === 'valid' ? crc : (crc ^ 1) >>> 0, length - 4);
  }
  return message;
}

export function opQuery(namespace: string, query: Document, requestId = 1): Buffer {
  const skipAndReturn = Buffer.alloc(8);
  skipAndReturn.writeInt32LE(-1, 4);
  const rest = Buffer.concat([
    Buffer.alloc(4), // flags
    Buffer.from(`${namespace}\0`),
    skipAndReturn,
    Buffer.from(serialize(query)),
  ]);
  return Buffer.concat([header(HEADER_BYTES + rest.length, requestId, OP_QUERY), rest]);
}

export interface DecodedReply {
  readonly opCode: number;
  readonly responseTo: number;
  /** OP_MSG flagBits or OP_REPLY responseFlags. */
  readonly flags: number;
  readonly document: Document;
}

export function decodeReply(message: Buffer): DecodedReply {
  const { opCode, responseTo } = readHeader(message);
  const flags = message.readUInt32LE(HEADER_BYTES);
  // OP_MSG: flags + kind byte; OP_REPLY: flags, cursorID, startingFrom, numberReturned.
  const bodyAt = opCode === OP_MSG ? HEADER_BYTES + 5 : HEADER_BYTES + 20;
  return { opCode, responseTo, flags, document: deserialize(message.subarray(bodyAt)) };
}

export class RawClient {
  private readonly framer = new MessageFramer();
  private readonly received: Buffer[] = [];
  private waiting: (() => void) | undefined;
  /** Resolves when the server closes the connection (or it is closed here). */
  readonly closed: Promise<void>;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.received.push(...this.framer.push(chunk));
      this.waiting?.();
    });
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined); // a reset after the server closes is expected
    void this.closed.then(() => this.waiting?.());
  }

  static async connect(port: number): Promise<RawClient> {
    const socket = connect({ host: '127.0.0.1', port, noDelay: true });
    await once(socket, 'connect');
    return new RawClient(socket);
  }

  send(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** The next reply, or undefined when the server closed the connection first. */
  async next(): Promise<DecodedReply | undefined> {
    while (this.received.length === 0 && !this.socket.destroyed) {
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
    const message = this.received.shift();
    return message === undefined ? undefined : decodeReply(message);
  }

  /** Sends one OP_MSG and returns its reply body. */
  async command(body: Document, options: OpMsgOptions = {}): Promise<Document | undefined> {
    this.send(opMsg(body, options));
    return (await this.next())?.document;
  }

  close(): Promise<void> {
    this.socket.destroy();
    return this.closed;
  }
}
