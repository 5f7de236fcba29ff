// A photo sent as the raw body of POST /market/listings/{id}/photos, with
// upload progress (fetch has none; XMLHttpRequest does), the access token,
// and one retry after a renewed session like the app's client.
import { ApiError } from '../../api/errors';
import { session } from '../../auth/session';
import type { Photo } from '../api';

/** The photo types the server takes (it reads the type from the bytes too). */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const MAX_PHOTO_BYTES = 15 * 1024 * 1024;
export const MAX_PHOTOS = 8;

/** Why a file is refused before sending it, if it is: the same codes as the server's 422. */
export function precheck(file: File, count: number): 'unsupported_type' | 'too_large' | 'too_many_photos' | null {
  if (count >= MAX_PHOTOS) return 'too_many_photos';
  if (file.type && !(PHOTO_TYPES as readonly string[]).includes(file.type)) return 'unsupported_type';
  if (file.size > MAX_PHOTO_BYTES) return 'too_large';
  return null;
}

function send(listingId: string, file: File, token: string | null, onProgress: (fraction: number) => void): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/market/listings/${encodeURIComponent(listingId)}/photos`);
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new TypeError('Failed to fetch'));
    xhr.ontimeout = () => reject(new TypeError('Failed to fetch'));
    xhr.send(file);
  });
}

/** Uploads one photo; resolves with the stored Photo, or throws an ApiError (422 with the photo's code). */
export async function uploadPhoto(listingId: string, file: File, onProgress: (fraction: number) => void = () => {}): Promise<Photo> {
  const token = await session.accessToken();
  let answer = await send(listingId, file, token, onProgress);
  if (answer.status === 401 && token) {
    const renewed = await session.renewAfterUnauthorized(token);
    if (renewed) answer = await send(listingId, file, renewed, onProgress);
  }
  if (answer.status >= 200 && answer.status < 300) return answer.body as Photo;
  throw new ApiError(answer.status, answer.body);
}

/** The code of a refused photo (422 `errors[0].code` or the problem's code), for its message. */
export function photoErrorCode(error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  const p = error.problem as { code?: string; errors?: { code?: string }[] } | null;
  const code = p?.errors?.[0]?.code ?? p?.code ?? null;
  if (error.status === 413) return 'too_large';
  return code;
}
