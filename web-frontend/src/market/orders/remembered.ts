// The buyer's own orders on this device: reference and secret link, so that
// the basket page can lead back to them. Kept in this browser only.
const KEY = 'skupaj.market.orders';
const MAX = 10;

export interface Remembered {
  reference: string;
  token: string;
}

export function rememberedOrders(): Remembered[] {
  try {
    const v: unknown = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((o): o is Remembered => typeof o?.reference === 'string' && typeof o?.token === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberOrder(reference: string, token: string): void {
  try {
    const rest = rememberedOrders().filter((o) => o.token !== token);
    globalThis.localStorage?.setItem(KEY, JSON.stringify([{ reference, token }, ...rest].slice(0, MAX)));
  } catch {
    /* storage disabled */
  }
}
