// ES2024 (Node 16+); TypeScript's ES2023 library does not declare it yet.
const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number): { async: boolean; value: Promise<unknown> | string } }).waitAsync;

/**
 * Resolves once `cells[index]` no longer holds `value` (at once if it already does not), or when
 * another thread calls `Atomics.notify` on it. Waited for without blocking the event loop.
 */
export async function changeOf(cells: Int32Array, index: number, value: number): Promise<void> {
  const wait = waitAsync(cells, index, value);
  if (wait.async) await wait.value;
}
