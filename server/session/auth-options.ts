import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { verifyCredentials } from '@/server/auth/verify-credentials';
import { env } from '@/server/env';
import { clientAddress } from './client-address';

const basePath = process.env.NEXT_PUBLIC_BASE_PATH ?? '';

export const authOptions: NextAuthOptions = {
  session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
  secret: process.env.AUTH_SECRET,
  pages: { signIn: `${basePath}/signin` },
  providers: [
    CredentialsProvider({
      name: 'credentials',
      credentials: { email: { type: 'email' }, password: { type: 'password' } },
      async authorize(credentials, req) {
        const headers = (req.headers ?? {}) as Record<string, string | undefined>;
        const result = await verifyCredentials(credentials, { ip: clientAddress(headers), userAgent: headers['user-agent'] ?? null });
        if (!result.ok) {
          // next-auth turns a thrown error's message into the `error` the sign-in form reads.
          throw new Error(result.reason === 'throttled' ? `throttled:${result.retryAfterSeconds}` : result.reason);
        }
        return { id: result.user.id, email: result.user.email, name: result.user.name, tv: result.user.tokenVersion };
      },
    }),
  ],
  callbacks: {
    /**
     * Redirects stay relative: next-auth's base URL is NEXTAUTH_URL (the app's own port), but the
     * browser came through whatever proxy, port and prefix it uses; a path keeps it there.
     */
    redirect({ url, baseUrl }) {
      if (url.startsWith('/') && !url.startsWith('//')) return url;
      try {
        const target = new URL(url);
        const own = [new URL(baseUrl).origin, ...(env().PUBLIC_URL ? [new URL(env().PUBLIC_URL!).origin] : [])];
        if (own.includes(target.origin)) return `${target.pathname}${target.search}${target.hash}`;
      } catch {
        // not a URL: fall through to the home page
      }
      return `${basePath}/`;
    },
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        // The token version at sign-in: a later change of password, role or status ends this session.
        token.tv = (user as { tv?: number }).tv ?? 0;
      }
      return token;
    },
    session({ session, token }) {
      return { ...session, uid: token.uid as string | undefined, tv: token.tv as number | undefined };
    },
  },
};
