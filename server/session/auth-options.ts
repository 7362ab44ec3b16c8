import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { verifyCredentials } from '@/server/auth/verify-credentials';
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
        const result = await verifyCredentials(credentials, {
          ip: clientAddress(headers),
          userAgent: headers['user-agent'] ?? null,
        });
        if (!result.ok) {
          // next-auth turns a thrown error's message into the `error` the sign-in form reads.
          throw new Error(result.reason === 'throttled' ? `throttled:${result.retryAfterSeconds}` : result.reason);
        }
        return { id: result.user.id, email: result.user.email, name: result.user.name, tv: result.user.tokenVersion };
      },
    }),
  ],
  callbacks: {
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
