/** Retries a call a few times with a short growing pause; the last failure is thrown. */
export async function retry<T>(call: () => Promise<T>, attempts = 3, pauseMs = 200): Promise<T> {
  let last: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await call();
    } catch (error) {
      last = error;
      if (attempt < attempts - 1) await new Promise((resolve) => setTimeout(resolve, pauseMs * (attempt + 1)));
    }
  }
  throw last;
}
