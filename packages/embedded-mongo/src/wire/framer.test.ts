import { describe, expect, it } from '@jest/globals';
import { MessageFramer } from './framer';
import { opMsg } from './raw-client.fixture';

const messages = [
  opMsg({ ping: 1, $db: 'a' }, { requestId: 1 }),
  opMsg({ insert: 'c', $db: 'a', pad: 'x'.repeat(70_000) }, { requestId: 2 }),
  opMsg({ ping: 1, $db: 'b' }, { requestId: 3 }),
];
const stream = Buffer.concat(messages);

function cutInto(sizes: (index: number) => number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0, i = 0; at < stream.length; i++) {
    const size = sizes(i);
    chunks.push(stream.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

describe('MessageFramer', () => {
  it.each([
    ['one chunk', () => stream.length],
    ['one byte at a time', () => 1],
    ['three bytes at a time (headers split mid-length)', () => 3],
    ['uneven chunks', (i: number) => [5, 1, 4096, 2, 65536, 7][i % 6]],
  ])('reassembles messages delivered in %s', (_how, sizes) => {
    const framer = new MessageFramer();
    const out = cutInto(sizes).flatMap((chunk) => framer.push(chunk));
    expect(out).toEqual(messages);
    expect(framer.violation).toBeUndefined();
  });

  it('keeps the messages before a bad length and ignores everything after it', () => {
    const framer = new MessageFramer();
    const bad = Buffer.from([0xff, 0xff, 0xff, 0x7f]);
    const out = framer.push(Buffer.concat([messages[0], bad, messages[2]]));
    expect(out).toEqual([messages[0]]);
    expect(framer.violation?.message).toBe(
      'recv(): message msgLen 2147483647 is invalid. Min 16 Max: 48000000',
    );
    expect(framer.push(messages[2])).toEqual([]);
  });
});
