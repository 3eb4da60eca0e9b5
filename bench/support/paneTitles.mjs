// What the home screen's pane titles say, read off the screen: "▌Airflow DAGs 3:10013 · partial: …",
// " Databricks jobs 12/5014 cached" (position:shown, or shown/total when filtered; ▌ marks focus).
const TITLE = /([▌ ])(Airflow DAGs|Databricks jobs) (?:(\d+):)?(\d+)(?:\/(\d+))?/;

/** `{ dags, jobs }`, each undefined until its title is on screen. */
export function paneTitles(lines) {
  const found = {};
  for (const line of lines) {
    for (const part of line.split(/(?=[▌ ](?:Airflow DAGs|Databricks jobs) )/)) {
      const match = TITLE.exec(part);
      if (!match) continue;
      found[match[2] === 'Airflow DAGs' ? 'dags' : 'jobs'] = {
        focused: match[1] === '▌',
        position: match[3] === undefined ? undefined : Number(match[3]),
        shown: Number(match[4]),
        total: Number(match[5] ?? match[4]),
        filtered: match[5] !== undefined,
        partial: part.includes('partial:'),
        cached: part.includes('cached'),
      };
    }
    if (found.dags && found.jobs) break;
  }
  return found;
}

/** Anything drawn at all. */
export const hasText = (lines) => lines.some((line) => line.trim() !== '');
