import { listSellers, type Seller } from '../api';

/** Every seller of the organisation (all pages), for a select. */
export async function allSellers(): Promise<Seller[]> {
  const out: Seller[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < 20; n++) {
    const page = await listSellers(cursor);
    out.push(...(page.items as Seller[]));
    if (!page.next_cursor) break;
    cursor = page.next_cursor;
  }
  return out;
}
