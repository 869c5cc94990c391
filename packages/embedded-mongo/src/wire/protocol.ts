import { deserialize, serialize, type Document } from 'bson';
import { crc32c } from './crc32c';

/**
 * The MongoDB wire protocol as this server speaks it: OP_MSG for every command
 * and legacy OP_QUERY only for the handshake, the way mongod 6.0+ does.
 * Reference: https://github.com/mongodb/specifications/blob/master/source/message/OP_MSG.md
 */

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;

export const HEADER_BYTES = 16;
/** mongod's maxMessageSizeBytes; the handshake advertises the same value. */
export const MAX_MESSAGE_BYTES = 48_000_000;
/** mongod's maxBsonObjectSize. */
export const MAX_BSON_OBJECT_BYTES = 16 * 1024 * 1024;
/**
 * What mongod accepts for one object inside a message: 16 MiB plus 16 KiB of
 * headroom, so a command wrapping a maximum-size document still fits.
 */
export const MAX_MESSAGE_OBJECT_BYTES = MAX_BSON_OBJECT_BYTES + 16 * 1024;

const CHECKSUM_PRESENT = 1 << 0;
const MORE_TO_COME = 1 << 1;
/** Bits 0-15 must be understood by the receiver; bits 16-31 (e.g. exhaustAllowed) may be ignored. */
const REQUIRED_FLAG_BITS = 0xffff;
const KNOWN_REQUIRED_FLAGS = CHECKSUM_PRESENT | MORE_TO_COME;

/** Commands mongod 7 still accepts over OP_QUERY (check_allowed_op_query_cmd.cpp). */
const OP_QUERY_COMMANDS = new Set([
  'hello',
  'isMaster',
  'ismaster',
  '_isSelf',
  'authenticate',
  'buildinfo',
  'buildInfo',
  'saslContinue',
  'saslStart',
]);

/** Int64 values arrive as bigint so they round-trip exactly (the command layer relies on it). */
const decodeOptions = { useBigInt64: true } as const;

/**
 * A message the connection cannot trust to be framed or encoded correctly.
 * The connection that sent it is closed; nothing is replied.
 */
export class ProtocolViolation extends Error {
  override readonly name = 'ProtocolViolation';
}

export interface MessageHeader {
  readonly length: number;
  readonly requestId: number;
  readonly responseTo: number;
  readonly opCode: number;
}

interface RequestBase {
  readonly header: MessageHeader;
  /** OP_MSG `moreToCome`: the client sends no reply slot, so none is written. */
  readonly moreToCome: boolean;
}

/** A command to hand to the engine. */
export interface CommandRequest extends RequestBase {
  readonly kind: 'command';
  readonly db: string;
  /** Body with any document sequences merged in as arrays under their identifiers. */
  readonly command: Document;
}

/** A well-framed request refused before the engine sees it, with the error mongod replies. */
export interface RefusedRequest extends RequestBase {
  readonly kind: 'refused';
  readonly reply: Document;
}

export type Request = CommandRequest | RefusedRequest;

export function readHeader(message: Buffer): MessageHeader {
  return {
    length: message.readInt32LE(0),
    requestId: message.readInt32LE(4),
    responseTo: message.readInt32LE(8),
    opCode: message.readInt32LE(12),
  };
}

/** The error mongod gives when a message's declared length is out of bounds. */
export function invalidLengthReason(length: number): string {
  return `recv(): message msgLen ${length} is invalid. Min ${HEADER_BYTES} Max: ${MAX_MESSAGE_BYTES}`;
}

function errorReply(code: number, codeName: string, errmsg: string): Document {
  return { ok: 0, errmsg, code, codeName };
}

/** Reads a C string starting at `offset`, which must end before `end`. */
function readCString(message: Buffer, offset: number, end: number, what: string) {
  const nul = message.indexOf(0, offset);
  if (nul < 0 || nul >= end) throw new ProtocolViolation(`${what} is not NUL-terminated`);
  return { value: message.toString('utf8', offset, nul), next: nul + 1 };
}

/** Size of the BSON object at `offset`, checked to lie inside `[offset, end)`. */
function objectSize(message: Buffer, offset: number, end: number, what: string): number {
  if (end - offset < 5) throw new ProtocolViolation(`${what} is truncated`);
  const size = message.readInt32LE(offset);
  if (size < 5 || size > end - offset) {
    throw new ProtocolViolation(`${what} declares ${size} bytes but ${end - offset} remain`);
  }
  return size;
}

/**
 * mongod's BSONObjectTooLarge wording. Only a string first element is
 * rendered (typically the command name and collection); other values are not
 * decoded from an object that is refused anyway.
 */
function tooLargeReply(message: Buffer, offset: number, size: number): Document {
  let first = '';
  const type = message[offset + 4];
  if (type !== 0) {
    const key = readCString(message, offset + 5, offset + size, 'element name');
    first = ` First element: ${key.value}`;
    const length =
      type === 0x02 && key.next + 4 <= offset + size ? message.readInt32LE(key.next) : 0;
    if (length > 0 && key.next + 4 + length <= offset + size) {
      first += `: "${message.toString('utf8', key.next + 4, key.next + 3 + length)}"`;
    }
  }
  return errorReply(
    10334,
    'BSONObjectTooLarge',
    `BSONObj size: ${size} (0x${size.toString(16).toUpperCase()}) is invalid. ` +
      `Size must be between 0 and ${MAX_MESSAGE_OBJECT_BYTES}(16MB)${first}`,
  );
}

function decodeObject(message: Buffer, offset: number, size: number, what: string): Document {
  try {
    return deserialize(message.subarray(offset, offset + size), decodeOptions);
  } catch (error) {
    // bson's messages describe the structure (lengths, terminators), not the values.
    throw new ProtocolViolation(`${what} is not valid BSON: ${(error as Error).message}`);
  }
}

function parseOpMsg(message: Buffer, header: MessageHeader): Request {
  if (message.length < HEADER_BYTES + 4 + 1 + 5) {
    throw new ProtocolViolation(`OP_MSG of ${message.length} bytes cannot hold a body`);
  }
  const flags = message.readUInt32LE(HEADER_BYTES);
  if ((flags & REQUIRED_FLAG_BITS & ~KNOWN_REQUIRED_FLAGS) !== 0) {
    throw new ProtocolViolation(
      `Message contains illegal flags value: 0b${flags.toString(2).padStart(32, '0')}`,
    );
  }
  const moreToCome = (flags & MORE_TO_COME) !== 0;
  let end = message.length;
  if (flags & CHECKSUM_PRESENT) {
    end -= 4;
    if (crc32c(message.subarray(0, end)) !== message.readUInt32LE(end)) {
      throw new ProtocolViolation('OP_MSG checksum does not match contents');
    }
  }

  let body: Document | undefined;
  let refusal: Document | undefined;
  const sequences = new Map<string, Document[]>();
  let offset = HEADER_BYTES + 4;
  while (offset < end) {
    const kind = message[offset++];
    if (kind === 0) {
      if (body !== undefined || refusal !== undefined) {
        throw new ProtocolViolation('Multiple body sections in message');
      }
      const size = objectSize(message, offset, end, 'OP_MSG body');
      if (size > MAX_MESSAGE_OBJECT_BYTES) refusal = tooLargeReply(message, offset, size);
      else body = decodeObject(message, offset, size, 'OP_MSG body');
      offset += size;
    } else if (kind === 1) {
      if (end - offset < 4) throw new ProtocolViolation('document sequence is truncated');
      const sectionEnd = offset + message.readInt32LE(offset);
      if (sectionEnd <= offset + 4 || sectionEnd > end) {
        throw new ProtocolViolation('document sequence size is out of bounds');
      }
      const identifier = readCString(message, offset + 4, sectionEnd, 'sequence identifier');
      if (sequences.has(identifier.value)) {
        throw new ProtocolViolation(`Duplicate document sequence: ${identifier.value}`);
      }
      const documents: Document[] = [];
      for (let at = identifier.next; at < sectionEnd;) {
        const size = objectSize(
          message,
          at,
          sectionEnd,
          `document in sequence ${identifier.value}`,
        );
        if (size > MAX_MESSAGE_OBJECT_BYTES) refusal ??= tooLargeReply(message, at, size);
        else if (refusal === undefined) documents.push(decodeObject(message, at, size, 'document'));
        at += size;
      }
      sequences.set(identifier.value, documents);
      offset = sectionEnd;
    } else {
      throw new ProtocolViolation(`Unknown section kind ${kind}`);
    }
  }
  if (refusal !== undefined) return { kind: 'refused', header, moreToCome, reply: refusal };
  if (body === undefined) throw new ProtocolViolation('OP_MSG messages must have a body');

  for (const [identifier, documents] of sequences) {
    if (Object.hasOwn(body, identifier)) {
      throw new ProtocolViolation(
        `Duplicate field between body and document sequence ${identifier}`,
      );
    }
    body[identifier] = documents;
  }
  const db = body.$db;
  if (typeof db !== 'string' || db === '') {
    const reply = errorReply(40571, 'Location40571', 'OP_MSG requests require a $db argument');
    return { kind: 'refused', header, moreToCome, reply };
  }
  return { kind: 'command', header, moreToCome, db, command: body };
}

function parseOpQuery(message: Buffer, header: MessageHeader): Request {
  // flags(4) fullCollectionName(cstring) numberToSkip(4) numberToReturn(4) query [fieldSelector]
  const namespace = readCString(message, HEADER_BYTES + 4, message.length, 'OP_QUERY namespace');
  const queryAt = namespace.next + 8;
  const size = objectSize(message, queryAt, message.length, 'OP_QUERY query');
  const refuse = (reply: Document): Request => ({
    kind: 'refused',
    header,
    moreToCome: false,
    reply,
  });
  if (size > MAX_MESSAGE_OBJECT_BYTES) return refuse(tooLargeReply(message, queryAt, size));
  const query = decodeObject(message, queryAt, size, 'OP_QUERY query');
  if (queryAt + size < message.length) {
    const selectorSize = objectSize(message, queryAt + size, message.length, 'field selector');
    if (queryAt + size + selectorSize !== message.length) {
      throw new ProtocolViolation('OP_QUERY has bytes after its field selector');
    }
  }

  const dot = namespace.value.indexOf('.');
  const db = dot > 0 ? namespace.value.slice(0, dot) : '';
  const isCommand = namespace.value.slice(dot + 1) === '$cmd';
  // Drivers wrap a command that carries a read preference as { $query: {...}, $readPreference }.
  const command: Document =
    isCommand && typeof query.$query === 'object' && query.$query !== null ? query.$query : query;
  const name = isCommand ? Object.keys(command)[0] : 'find';
  if (db === '' || name === undefined || !OP_QUERY_COMMANDS.has(name)) {
    return refuse(
      errorReply(
        352,
        'UnsupportedOpQueryCommand',
        `Unsupported OP_QUERY command: ${name ?? ''}. The client driver may require an upgrade. ` +
          'For more details see https://dochub.mongodb.org/core/legacy-opcode-removal',
      ),
    );
  }
  return { kind: 'command', header, moreToCome: false, db, command };
}

/**
 * Decodes one complete message (header included). Throws ProtocolViolation
 * when the connection must be closed: unknown opcode, bad framing, bad BSON,
 * illegal flags or a checksum mismatch.
 */
export function parseMessage(message: Buffer): Request {
  const header = readHeader(message);
  if (header.length !== message.length) {
    throw new ProtocolViolation(`header says ${header.length} bytes, got ${message.length}`);
  }
  if (header.opCode === OP_MSG) return parseOpMsg(message, header);
  if (header.opCode === OP_QUERY) return parseOpQuery(message, header);
  // OP_COMPRESSED is never negotiated (no compressors advertised); legacy write opcodes are gone since 6.0.
  throw new ProtocolViolation(`unsupported opCode ${header.opCode}`);
}

/**
 * Encodes `reply` in the form the request expects: OP_MSG with one body
 * section, or OP_REPLY for a legacy OP_QUERY. Returns the fixed-size prefix
 * and the BSON body separately so they can be written without a copy.
 */
export function encodeReply(
  request: Request,
  reply: Document,
  requestId: number,
): [Buffer, Uint8Array] {
  const body = serialize(reply);
  const isMsg = request.header.opCode === OP_MSG;
  // OP_MSG: flagBits(4) + section kind(1). OP_REPLY: responseFlags(4) cursorID(8) startingFrom(4) numberReturned(4).
  const prefix = Buffer.alloc(HEADER_BYTES + (isMsg ? 5 : 20));
  prefix.writeInt32LE(prefix.length + body.length, 0);
  prefix.writeInt32LE(requestId, 4);
  prefix.writeInt32LE(request.header.requestId, 8);
  prefix.writeInt32LE(isMsg ? OP_MSG : OP_REPLY, 12);
  if (!isMsg) prefix.writeInt32LE(1, HEADER_BYTES + 16);
  return [prefix, body];
}
