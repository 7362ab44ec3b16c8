import type { RuleDto } from './alerts.schema';
import type { RuleRow } from './rule-dto';

/** One line for the audit log: what the rule listens for, where, and where it sends. */
export function describeRule(r: RuleRow | RuleDto): string {
  const events = 'events' in r ? r.events : r.on;
  const type = 'targetType' in r ? r.targetType : r.target.type;
  const ref = 'targetType' in r ? (r.targetId ?? r.targetTag) : (r.target.id ?? r.target.tag);
  const channels = 'channelIds' in r ? r.channelIds : r.channel_ids;
  const throttle = 'throttleMinutes' in r ? r.throttleMinutes : r.throttle_minutes;
  const enabled = r.enabled ? '' : ' (disabled)';
  const what = `${type}${ref ? ` ${ref}` : ''}`;
  return `on ${events.join(', ')} of ${what} to ${channels.length} channel(s), throttle ${throttle} min${enabled}`;
}
