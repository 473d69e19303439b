/** Small observable stores the client writes and the layout reads. */
type Listener = () => void;

function store<T>(initial: T) {
  let value = initial;
  const listeners = new Set<Listener>();
  return {
    get: () => value,
    set(next: T) {
      if (Object.is(next, value)) return;
      value = next;
      for (const l of listeners) l();
    },
    subscribe(l: Listener) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

/** True while the hub answers 503 (or cannot be reached) and requests are being retried. */
export const unavailable = store(false);

/** Bumped each time the API says the session has ended (UNAUTHENTICATED). */
export const sessionEnded = store(0);
