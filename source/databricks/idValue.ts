/** Ids are int64: send a number when it is exact, else the decimal string (Databricks accepts both). */
export function idValue(id: string): number | string {
  const n = Number(id);
  return Number.isSafeInteger(n) ? n : id;
}
