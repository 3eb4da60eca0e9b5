// Quartz cron (settings.schedule.quartz_cron_expression: "sec min hour day-of-month month
// day-of-week [year]"), enough of it for the seed and generated schedules: numbers, names, `*`, `?`,
// lists, ranges and steps. Evaluated in UTC; the simulator's schedules all use timezone_id UTC.

const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

function parseValue(text: string, names: string[] | undefined, base: number): number {
  const index = names ? names.indexOf(text.toUpperCase()) : -1;
  if (index >= 0) return index + base;
  const value = Number(text);
  if (!Number.isInteger(value)) throw new Error(`invalid cron value ${text}`);
  return value;
}

function parseField(field: string, min: number, max: number, names?: string[], base = 0): Set<number> | null {
  if (field === '*' || field === '?') return null;
  const values = new Set<number>();
  for (const part of field.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    let from = min;
    let to = max;
    if (range !== '*') {
      const [a = '', b] = range.split('-');
      from = parseValue(a, names, base);
      to = b === undefined ? (stepText === undefined ? from : max) : parseValue(b, names, base);
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

const matches = (set: Set<number> | null, value: number) => set === null || set.has(value);
const sorted = (set: Set<number> | null, min: number, max: number) =>
  set === null ? Array.from({ length: max - min + 1 }, (_, i) => i + min) : [...set].sort((a, b) => a - b);

/** The first fire time strictly after `afterMs`, or undefined when none within ~4 years. */
export function nextQuartzFire(expression: string, afterMs: number): number | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length < 6) throw new Error(`invalid quartz cron expression ${expression}`);
  const [secF = '', minF = '', hourF = '', domF = '', monF = '', dowF = ''] = fields;
  const seconds = sorted(parseField(secF, 0, 59), 0, 59);
  const minutes = sorted(parseField(minF, 0, 59), 0, 59);
  const hours = sorted(parseField(hourF, 0, 23), 0, 23);
  const dom = parseField(domF, 1, 31);
  const months = parseField(monF, 1, 12, MONTH_NAMES, 1);
  const dow = parseField(dowF, 1, 7, DAY_NAMES, 1);

  const start = new Date(afterMs);
  const day = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
  for (let d = 0; d < 1500; d++) {
    const date = new Date(day + d * 86_400_000);
    if (!matches(months, date.getUTCMonth() + 1)) continue;
    if (!matches(dom, date.getUTCDate())) continue;
    if (!matches(dow, date.getUTCDay() + 1)) continue;
    for (const h of hours) {
      for (const m of minutes) {
        for (const s of seconds) {
          const at = date.getTime() + h * 3_600_000 + m * 60_000 + s * 1000;
          if (at > afterMs) return at;
        }
      }
    }
  }
  return undefined;
}
