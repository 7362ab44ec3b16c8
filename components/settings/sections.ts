import type { MessageKey } from '@/components/i18n/locale';
import type { Action } from '@/server/auth/permissions';

/** The settings sub-pages, in tab order, each with the permission that opens it. */
export const settingsSections: readonly { slug: string; label: MessageKey; action: Action }[] = [
  { slug: 'users', label: 'settings.tab.users', action: 'user.manage' },
  { slug: 'api-keys', label: 'settings.tab.apiKeys', action: 'apikey.manage' },
  { slug: 'secrets', label: 'settings.tab.secrets', action: 'secret.read' },
  { slug: 'host-resources', label: 'settings.tab.hostResources', action: 'hostresource.read' },
  // Managing alerts is editors' and admins'; everyone sees the rules on script and workflow pages.
  { slug: 'alerts', label: 'settings.tab.alerts', action: 'alert.rule.write' },
  { slug: 'audit', label: 'settings.tab.audit', action: 'audit.read' },
];
