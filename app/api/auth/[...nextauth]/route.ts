import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/options';

// Built on first request, not at import: `next build` imports this module without a configured environment.
let handler: ReturnType<typeof NextAuth> | undefined;
const auth = (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => {
  handler ??= NextAuth(authOptions());
  return handler(req, ctx);
};

export { auth as GET, auth as POST };
