'use client';
import { useMemo } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { Select } from '@/components/ui/field';
import { browserTimeZone, timeZones } from './shared';

/**
 * A time zone picked from the zones the browser knows (IANA names, grouped by region), with the
 * browser's own zone first. A free-text box let typos through and invited "UTC" by default.
 */
export function TimeZoneSelect(props: { value: string; onChange(tz: string): void; testId: string }) {
  const t = useT();
  const groups = useMemo(() => {
    const all = timeZones();
    // A saved zone the browser does not list (an alias such as Asia/Calcutta) stays selectable.
    if (props.value && !all.includes(props.value)) all.unshift(props.value);
    const byRegion = new Map<string, string[]>();
    for (const z of all) {
      const region = z.includes('/') ? z.slice(0, z.indexOf('/')) : 'UTC';
      byRegion.set(region, [...(byRegion.get(region) ?? []), z]);
    }
    return [...byRegion.entries()];
  }, [props.value]);
  const local = useMemo(browserTimeZone, []);
  return (
    <Select value={props.value} onChange={(e) => props.onChange(e.target.value)} data-testid={props.testId}>
      <option value={local}>{t('schedules.timezone.browser', { tz: local })}</option>
      {groups.map(([region, zones]) => (
        <optgroup key={region} label={region}>
          {zones.map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </optgroup>
      ))}
    </Select>
  );
}
