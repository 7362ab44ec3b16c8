import type { Translate } from '@/components/i18n/locale';

export function formatDuration(ms: number | null | undefined, t: Translate): string {
  if (ms == null || ms < 0) return '—';
  if (ms < 1000) return t('executions.unit.ms', { n: Math.round(ms) });
  const seconds = ms / 1000;
  if (seconds < 60) return t('executions.unit.s', { n: seconds < 10 ? seconds.toFixed(1) : Math.round(seconds) });
  const totalSeconds = Math.round(seconds);
  if (totalSeconds < 3600) {
    const [m, s] = [Math.floor(totalSeconds / 60), totalSeconds % 60];
    return s ? t('executions.unit.min', { m, s }) : t('executions.unit.minOnly', { m });
  }
  const [h, m] = [Math.floor(totalSeconds / 3600), Math.floor((totalSeconds % 3600) / 60)];
  return m ? t('executions.unit.h', { h, m }) : t('executions.unit.hOnly', { h });
}

/** Binary units, as the sandbox's memory limits are set. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes == null) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export { formatDateTime } from '@/components/ui/format-date';

/** HH:MM:SS.mmm of a log line, in the viewer's time zone. */
export function formatLogTime(iso: string): string {
  const d = new Date(iso);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** The elapsed time of a run: final duration when known, otherwise time since it started. */
export function elapsedMs(
  exec: { duration_ms: number | null; started_at: string | null; finished_at: string | null },
  now: number,
): number | null {
  if (exec.duration_ms != null) return exec.duration_ms;
  if (!exec.started_at) return null;
  const end = exec.finished_at ? Date.parse(exec.finished_at) : now;
  return Math.max(0, end - Date.parse(exec.started_at));
}

export function shortId(id: string): string {
  return id.slice(0, 8);
}
