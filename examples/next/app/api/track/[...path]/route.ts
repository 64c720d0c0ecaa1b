// Your site's own Dub endpoint in a Next.js App Router app: /api/track/lead/client,
// /api/track/sale/client and /api/track/customer, sent on to Dub with the secret key in DUB_API_KEY.
// The key is read at the first request, not at import: `next build` needs no secret.
import { createDubHandler } from 'dub-track/server';

const handler = createDubHandler({
  basePath: '/api',
  // Dub's API unless set (the repository's tests point it at a local stand-in of Dub).
  serverURL: process.env.DUB_API_URL || undefined,
  // Behind one proxy that appends X-Forwarded-For (nginx, a load balancer, Vercel): 1.
  trustProxy: Number(process.env.TRUST_PROXY ?? 0),
  // To turn the customer route on and tie leads and sales to the signed-in user, add
  // `authorize: async (request) => (await yourSession(request))?.userId ?? null`.
});

// Next passes a second argument ({ params }) that the handler has no use for.
export const POST = (request: Request) => handler(request);
export const OPTIONS = (request: Request) => handler(request);
