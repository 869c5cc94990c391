import {
  HEADER_BYTES,
  invalidLengthReason,
  MAX_MESSAGE_BYTES,
  ProtocolViolation,
} from './protocol';

/**
 * Cuts a TCP byte stream into whole messages using the length in each header.
 * A message that arrives inside one chunk is returned as a view of it; a
 * message spread over chunks is copied once into a buffer of its exact size,
 * so large messages never cost repeated concatenation.
 */
export class MessageFramer {
  private readonly lengthBytes = Buffer.alloc(4);
  private lengthFilled = 0;
  private partial: Buffer | undefined;
  private partialFilled = 0;
  private broken: ProtocolViolation | undefined;

  /**
   * Set once a header declared a length below 16 or above 48,000,000 bytes.
   * The stream cannot be resynchronised after that: later chunks are ignored.
   */
  get violation(): ProtocolViolation | undefined {
    return this.broken;
  }

  /** Returns the messages completed by `chunk`, in order, up to any violation. */
  push(chunk: Buffer): Buffer[] {
    const messages: Buffer[] = [];
    try {
      this.cut(chunk, messages);
    } catch (error) {
      if (!(error instanceof ProtocolViolation)) throw error;
      this.broken = error;
    }
    return messages;
  }

  private cut(chunk: Buffer, messages: Buffer[]): void {
    let offset = this.broken === undefined ? 0 : chunk.length;
    while (offset < chunk.length) {
      if (this.partial === undefined) {
        if (this.lengthFilled === 0 && chunk.length - offset >= 4) {
          const length = this.checkedLength(chunk.readInt32LE(offset));
          if (chunk.length - offset >= length) {
            messages.push(chunk.subarray(offset, offset + length));
            offset += length;
            continue;
          }
          this.partial = Buffer.allocUnsafe(length);
        } else {
          const take = Math.min(4 - this.lengthFilled, chunk.length - offset);
          chunk.copy(this.lengthBytes, this.lengthFilled, offset, offset + take);
          this.lengthFilled += take;
          offset += take;
          if (this.lengthFilled < 4) break;
          this.partial = Buffer.allocUnsafe(this.checkedLength(this.lengthBytes.readInt32LE(0)));
          this.lengthBytes.copy(this.partial);
          this.partialFilled = 4;
          this.lengthFilled = 0;
          continue;
        }
      }
      const take = Math.min(this.partial.length - this.partialFilled, chunk.length - offset);
      chunk.copy(this.partial, this.partialFilled, offset, offset + take);
      this.partialFilled += take;
      offset += take;
      if (this.partialFilled === this.partial.length) {
        messages.push(this.partial);
        this.partial = undefined;
        this.partialFilled = 0;
      }
    }
  }

  private checkedLength(length: number): number {
    if (length < HEADER_BYTES || length > MAX_MESSAGE_BYTES) {
      throw new ProtocolViolation(invalidLengthReason(length));
    }
    return length;
  }
}
