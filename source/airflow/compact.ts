// Builds objects for the core model under exactOptionalPropertyTypes: keys whose value is null or
// undefined are left out instead of being set to undefined.
type OptionalKeys<T> = {
  [K in keyof T]: null extends T[K] ? K : undefined extends T[K] ? K : never;
}[keyof T];
type RequiredKeys<T> = Exclude<keyof T, OptionalKeys<T>>;

export type Compact<T> = { [K in RequiredKeys<T>]: T[K] } & { [K in OptionalKeys<T>]?: NonNullable<T[K]> };

export function compact<T extends object>(value: T): Compact<T> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined && item !== null) out[key] = item;
  }
  return out as Compact<T>;
}
