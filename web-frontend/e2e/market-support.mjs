// What the market's end-to-end tests share: a small photo made here, and
// listings of their own to order (so that no test uses up the demo's stock,
// which other tests and people trying the demo rely on). Not a test file.
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { BASE_URL, DEMO_PASSWORD } from './support.mjs';

/**
 * A small PNG (a colour gradient, `width`×`height`), made here: a photo "taken" with the phone.
 * @param {number} [width] @param {number} [height] @param {number} [hue] shifts the colours
 */
export function smallPng(width = 48, height = 32, hue = 0) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  /** @param {Buffer} buf */
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = (crcTable[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  /** @param {string} type @param {Buffer} data */
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows = [];
  for (let y = 0; y < height; y++) {
    rows.push(Buffer.from([0]));
    for (let x = 0; x < width; x++) {
      rows.push(Buffer.from([(180 + hue) % 256, (40 + Math.floor((y * 128) / height)) % 256, (90 + hue + Math.floor((x * 96) / width)) % 256]));
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** @param {string} email */
async function tokenOf(email) {
  const res = await fetch(`${BASE_URL}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  assert.equal(res.status, 200, `the API login of ${email} works`);
  return /** @type {string} */ ((await res.json()).access_token);
}

/**
 * Listings made for a test by staff (`email`), published at once, with stock
 * and a photo each, of the seller `sellerName` (the demo's "Dar Amina", whose
 * organisation has pickup venues). Each title has `tag` in it, to be found by search.
 * @param {string} email
 * @param {{ sl: string, en: string, ar: string, price_cents: number }[]} specs
 * @param {string} [sellerName]
 * @returns {Promise<{ id: string, title: { sl: string, en: string, ar: string } }[]>}
 */
export async function listingsToOrder(email, specs, sellerName = 'Dar Amina') {
  const token = await tokenOf(email);
  const auth = { Authorization: `Bearer ${token}` };
  const sellers = await (await fetch(`${BASE_URL}/api/v1/market/sellers?limit=50`, { headers: auth })).json();
  const seller = sellers.items.find((/** @type {any} */ s) => s.public_name === sellerName);
  assert.ok(seller, `the demo has the seller ${sellerName}`);
  const made = [];
  for (const [n, spec] of specs.entries()) {
    const res = await fetch(`${BASE_URL}/api/v1/market/listings`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        seller_id: seller.id,
        title: { sl: spec.sl, en: spec.en, ar: spec.ar },
        description: { sl: `${spec.sl}: ročno izdelano.`, en: `${spec.en}: handmade.`, ar: `${spec.ar}: مصنوع يدويًا.` },
        category: 'textiles',
        origin: 'origin_country',
        origin_country: 'MA',
        price_cents: spec.price_cents,
        stock: 10,
        status: 'published',
      }),
    });
    assert.equal(res.status, 201, `a listing for the test: ${await res.clone().text()}`);
    const listing = await res.json();
    const photo = await fetch(`${BASE_URL}/api/v1/market/listings/${listing.id}/photos`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'image/png' },
      body: smallPng(480, 360, 40 * n),
    });
    assert.equal(photo.status, 201, `its photo: ${await photo.clone().text()}`);
    made.push({ id: listing.id, title: { sl: spec.sl, en: spec.en, ar: spec.ar } });
  }
  return made;
}
