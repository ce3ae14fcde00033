import { createHash } from 'node:crypto';
import type { BodyKind } from './adapter.ts';

/** The payloads behind each {@link BodyKind}, built fresh for every request. */
export const payloads = {
  json: { hello: 'wörld', list: [1, 2, 3] },
  text: 'plain text body, with ünïcode ✓',
  urlencoded: () => new URLSearchParams({ a: '1', b: 'two words & more' }),
  formdata: () => {
    const form = new FormData();
    form.append('a', '1');
    form.append('file', new Blob(['file bytes ✓'], { type: 'text/plain' }), 'f.txt');
    return form;
  },
  bytes: () => Uint8Array.from({ length: 4096 }, (_, i) => (i * 7) % 256),
  blob: () => new Blob([payloads.bytes()], { type: 'application/octet-stream' }),
  arraybuffer: () => payloads.bytes().buffer,
  stream: () =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(payloads.bytes().subarray(0, 2048));
        controller.enqueue(payloads.bytes().subarray(2048));
        controller.close();
      },
    }),
};

/** The hex SHA-256 of bytes or a string, as the resource server records a body's. */
export const sha256 = (data: Uint8Array | string) =>
  createHash('sha256').update(data).digest('hex');

/** The bytes the server must see for each body kind that has one fixed encoding. */
export const expectedBytes: Partial<Record<BodyKind, string | Uint8Array>> = {
  json: JSON.stringify(payloads.json),
  text: payloads.text,
  urlencoded: payloads.urlencoded().toString(),
  blob: payloads.bytes(),
  arraybuffer: payloads.bytes(),
  stream: payloads.bytes(),
};
