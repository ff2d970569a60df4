/**
 * A property worked out on its first read: for parts of a mail that most runs never read (the
 * To and Cc addresses, which only replies use), parsed only when something asks for them.
 */

/**
 * Makes `key` of `target` the value `make` gives when first read (or what is assigned before),
 * from then on a plain data property, enumerable and writable like the one an assignment makes.
 * A property of that name already there keeps its place among the keys (spreads, JSON).
 */
export function onFirstRead<T extends object, K extends keyof T>(target: T, key: K, make: () => T[K]): void {
  const settle = (self: T, value: T[K]): void => {
    Object.defineProperty(self, key, { value, writable: true, enumerable: true, configurable: true });
  };
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get(this: T): T[K] {
      const value = make();
      settle(this, value);
      return value;
    },
    set(this: T, value: T[K]): void {
      settle(this, value);
    },
  });
}
