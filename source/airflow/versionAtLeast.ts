// Compares an Airflow version string ("3.3.1", "3.2.2rc1", "2.10.5.post1") with a release: the
// numeric parts decide; a version that cannot be read counts as older (the cautious answer).

export function versionAtLeast(version: string, minimum: readonly number[]): boolean {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim());
  if (!match) return false;
  const parts = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
  for (let i = 0; i < minimum.length; i++) {
    const have = parts[i] ?? 0;
    const want = minimum[i] ?? 0;
    if (have !== want) return have > want;
  }
  return true;
}
