/**
 * Reads a request body as text, stopping as soon as it passes `maxBytes` (a declared
 * `Content-Length` over the limit is refused before a byte is read): `413` when too large, `408`
 * when it has not all arrived within `timeoutMs` (a client sending slowly holds nothing for long).
 */
export async function readBody(
  request: Request,
  maxBytes: number,
  timeoutMs: number,
): Promise<string | 408 | 413> {
  const declared = Number(request.headers.get('content-length'));
  if (declared > maxBytes) return 413;
  if (!request.body) return '';
  const reader = request.body.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), timeoutMs);
  });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const read = await Promise.race([reader.read(), late]);
      if (read === 'late') {
        reader.cancel().catch(() => {});
        return 408;
      }
      if (read.done) break;
      size += read.value.byteLength;
      if (size > maxBytes) {
        reader.cancel().catch(() => {});
        return 413;
      }
      chunks.push(read.value);
    }
  } finally {
    clearTimeout(timer);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}
