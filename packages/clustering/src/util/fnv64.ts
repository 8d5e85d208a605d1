/**
 * 64-bit FNV-1a over the UTF-8 bytes of a string, as 16 lowercase hex digits. Pure integer
 * arithmetic on two 32-bit halves, so the same text gives the same id in Node, browsers and any
 * embedded JavaScript engine (and in any other language implementing FNV-1a 64).
 */

const PRIME_LO = 0x1b3; // FNV-1a 64 prime is 2^40 + 0x1b3
const TWO_32 = 4294967296;

function step(state: { hi: number; lo: number }, byte: number): void {
  const lo = (state.lo ^ byte) >>> 0;
  const hi = state.hi;
  // (hi:lo) * (2^40 + 0x1b3) mod 2^64
  const p = lo * PRIME_LO; // < 2^41: exact in a double
  const carry = Math.floor(p / TWO_32);
  state.lo = p % TWO_32;
  state.hi = (Math.imul(hi, PRIME_LO) + carry + (lo << 8)) >>> 0;
}

/**
 * Hashes `text` with FNV-1a 64 over its UTF-8 encoding.
 *
 * @example
 * fnv1a64Hex(''); // 'cbf29ce484222325'
 * fnv1a64Hex('a'); // 'af63dc4c8601ec8c'
 */
export function fnv1a64Hex(text: string): string {
  const s = { hi: 0xcbf29ce4, lo: 0x84222325 };
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      step(s, c);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    // Lone surrogates are encoded as U+FFFD, like TextEncoder does.
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x800) {
      step(s, 0xc0 | (c >> 6));
      step(s, 0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
      step(s, 0xe0 | (c >> 12));
      step(s, 0x80 | ((c >> 6) & 0x3f));
      step(s, 0x80 | (c & 0x3f));
    } else {
      step(s, 0xf0 | (c >> 18));
      step(s, 0x80 | ((c >> 12) & 0x3f));
      step(s, 0x80 | ((c >> 6) & 0x3f));
      step(s, 0x80 | (c & 0x3f));
    }
  }
  return s.hi.toString(16).padStart(8, '0') + s.lo.toString(16).padStart(8, '0');
}
