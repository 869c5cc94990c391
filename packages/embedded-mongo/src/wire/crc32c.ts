/**
 * CRC-32C (Castagnoli), the checksum OP_MSG carries when `checksumPresent` is
 * set. zlib.crc32 is the IEEE polynomial, so it cannot be used here. Drivers
 * rarely send checksums, so a byte-at-a-time table is fast enough.
 */
const table = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let bit = 0; bit < 8; bit++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  table[n] = c >>> 0;
}

export function crc32c(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
