// Turning a secret into a key (a KeyObject on Node, a CryptoKey elsewhere) costs about as much
// as one HMAC of a small body, so each backend does it once per secret and process or isolate.
// The cap only guards against a caller that passes a new secret on every request.
const MAX_KEYS = 64;

/** Wraps `create` so that it runs once per distinct secret, up to {@link MAX_KEYS} of them. */
export function keyCache<K>(create: (secret: string) => K): (secret: string) => K {
  const keys = new Map<string, K>();
  return function keyFor(secret: string): K {
    let key = keys.get(secret);
    if (key === undefined) {
      if (keys.size >= MAX_KEYS) keys.clear();
      key = create(secret);
      keys.set(secret, key);
    }
    return key;
  };
}
