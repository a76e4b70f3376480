/**
 * yoga's pub/sub subscriptions are Repeaters: they attach their listener on the first `next()`,
 * not when `subscribe()` returns. A caller that subscribes, then reads the current state, then
 * starts iterating would miss an update published in between. This asks for the first item at
 * once (attaching the listener) and hands that pending step to the consumer's first `next()`.
 */
export function listeningNow<T>(stream: AsyncIterableIterator<T>): AsyncIterableIterator<T> {
  let first: Promise<IteratorResult<T>> | undefined = stream.next();
  // Until the consumer asks, nobody awaits the first step; a rejection is theirs, not unhandled.
  first.catch(() => {});
  const iterator: AsyncIterableIterator<T> = {
    next() {
      const step = first ?? stream.next();
      first = undefined;
      return step;
    },
    async return(value?: unknown) {
      first = undefined;
      return (await stream.return?.(value)) ?? { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
