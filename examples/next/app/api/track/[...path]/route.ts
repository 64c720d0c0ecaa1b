// Your site's own Dub endpoint in a Next.js App Router app: /api/track/lead/client,
// /api/track/sale/client and /api/track/customer, sent on to Dub with the secret key in DUB_API_KEY.
import { createDubHandler } from 'dub-track/server';

const handler = createDubHandler({ basePath: '/api' });

// Next passes a second argument ({ params }) that the handler has no use for.
export const POST = (request: Request) => handler(request);
export const OPTIONS = (request: Request) => handler(request);
