import type { Page } from 'playwright-core';

/**
 * Product and technical names that stay in Latin letters in the Chinese UI (the lead's allowlist,
 * plus units and protocol names of the same kind). Anything else made only of Latin letters is an
 * untranslated string, unless it is data the test created (passed as `userData`).
 */
export const LATIN_ALLOWED = new Set([
  'Python',
  'Bash',
  'Cron',
  'API',
  'URL',
  'URLs',
  'JSON',
  'ID',
  'UTC',
  'CSV',
  'HTTP',
  'HTTPS',
  'SSE',
  'REST',
  'OpenAPI',
  'VSS',
  'PostgreSQL',
  'Redis',
  'Webhook',
  'CPU',
  'KB',
  'MB',
  'GB',
  'KiB',
  'MiB',
  'GiB',
  'ms',
  'IP',
  'SQL',
  'HMAC',
  'SHA',
  'Bearer',
  'IANA',
  'Unix',
  'UID',
  'stdin',
  'stdout',
  'stderr',
  'DAG',
  'GMT',
  'TCP',
  'ICMP',
  // The language switcher names the other language in that language.
  'English',
]);

/** The visible text of the page (text nodes, select options, placeholders), outside code and identifiers. */
export async function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    // Code, editors and elements marked translate="no" (identifiers such as rule ids) are not UI language.
    const skip = [
      'script',
      'style',
      'noscript',
      'code',
      'pre',
      'textarea',
      'kbd',
      'samp',
      'svg',
      '[translate="no"]',
      '.monaco-editor',
      '.monaco-diff-editor',
    ].join(',');
    const shown = (el: Element) =>
      el.getClientRects().length > 0 && el.checkVisibility({ visibilityProperty: true, opacityProperty: true });
    const out = new Set<string>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = (n.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (!el || !text || el.closest(skip)) continue;
      const option = el.closest('option');
      if (!option && !shown(el)) continue;
      out.add(text);
    }
    for (const input of document.querySelectorAll<HTMLInputElement>('input[placeholder],textarea[placeholder]')) {
      if (shown(input) && !input.closest(skip) && input.placeholder.trim()) out.add(input.placeholder.trim());
    }
    return [...out];
  });
}

/** True when `text` has a Latin word that is neither allowed nor part of identifiers, ids, paths or the test's data. */
export function isUntranslated(text: string, userData: readonly string[]): boolean {
  if (/[\u3400-\u9fff]/.test(text)) return false;
  let rest = text;
  // A word that contains a long piece of the test's data is data (`<tag>-risky`); short pieces
  // ('step', a host name) only as whole words, so they cannot hide untranslated words around them.
  for (const d of userData) {
    const quoted = d.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    rest = rest.replace(new RegExp(d.length >= 12 ? `\\S*${quoted}\\S*` : `\\b${quoted}\\b`, 'g'), ' ');
  }
  rest = rest
    .replace(/\S+@\S+/g, ' ') // e-mail addresses
    .replace(/\b\w+:\/\/\S+/g, ' ') // URLs
    .replace(/(?:^|\s)[~.]?\/\S*/g, ' ') // absolute paths
    .replace(/\b\w+\/\w+(?:\/\w+)*\b/g, ' ') // time zones such as Asia/Shanghai, MIME types
    .replace(/[\w-]*\w[._]\w[\w.-]*/g, ' ') // identifiers: script.create, api_key, bash.rm-rf-root, 1.2.3
    .replace(/\b(?=\w*\d)(?=\w*[a-z])\w+\b/gi, ' '); // ids and versions: 3f9a1c2e, v3, e2e
  const words = rest.match(/[A-Za-z]{2,}/g) ?? [];
  return words.some((w) => !LATIN_ALLOWED.has(w));
}
