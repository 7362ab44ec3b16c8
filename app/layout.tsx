import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';
import { I18nProvider } from '@/components/i18n/i18n-provider';
import { serverLocale, serverTheme } from '@/components/i18n/server-locale';
import { Providers } from '@/components/trpc/providers';

// Static files live in public/ (served under BASE_PATH by Next); the icon is linked, not generated.
export const metadata: Metadata = {
  title: 'VSS Script Orchestration',
  icons: { icon: `${process.env.NEXT_PUBLIC_BASE_PATH ?? ''}/icon.svg` },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [locale, theme] = await Promise.all([serverLocale(), serverTheme()]);
  return (
    <html lang={locale === 'zh' ? 'zh-CN' : 'en'} className={theme === 'dark' ? 'dark' : undefined}>
      <body>
        <I18nProvider locale={locale} theme={theme}>
          <Providers>{children}</Providers>
        </I18nProvider>
      </body>
    </html>
  );
}
