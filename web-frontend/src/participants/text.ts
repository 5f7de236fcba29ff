// Small helpers for what people type on phones, in any script.

/** Arabic-Indic (٠–٩) and Persian (۰–۹) digits as ASCII digits, which the API expects. */
export function asciiDigits(value: string): string {
  return value.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String((d.charCodeAt(0) & 0xf) % 10));
}

/**
 * A phone number as the API wants it (+ and digits): spaces, dashes, dots and
 * brackets dropped, a leading 00 read as +, Eastern Arabic digits made ASCII.
 */
export function normalizePhone(value: string): string {
  let v = asciiDigits(value).replace(/[\s\-.()\u200e\u200f\u202a-\u202e]/g, '');
  if (v.startsWith('00')) v = `+${v.slice(2)}`;
  return v;
}

export const PHONE = /^\+[1-9][0-9]{6,14}$/;
export const EMAIL = /^[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;

/** A random UUID (v4), also where crypto.randomUUID is missing (plain http on a LAN). */
export function uuid(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') {
    try {
      return c.randomUUID();
    } catch {
      /* not a secure context: below */
    }
  }
  const b = new Uint8Array(16);
  if (c?.getRandomValues) c.getRandomValues(b);
  else for (let i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
