/** A strict fake for unit tests: any call the test did not plan fails loudly. */
export function strict<T extends object>(impl: Partial<T>): T {
  return new Proxy(impl, {
    get(target, prop) {
      if (prop in target) return (target as Record<string | symbol, unknown>)[prop];
      if (prop === 'then') return undefined;
      throw new Error(`unexpected call: ${String(prop)}`);
    },
  }) as T;
}
