// Types for examples/dub-standin.mjs, so TypeScript tests can use the stand-in directly.
import type http from 'node:http';
import type * as z from 'zod';

export declare const trackLeadRequestSchema: z.ZodType<Record<string, unknown>>;
export declare const trackSaleRequestSchema: z.ZodType<Record<string, unknown>>;
export declare const updateCustomerRequestSchema: z.ZodType<Record<string, unknown>>;
export declare const trackLeadResponseSchema: z.ZodType<{
  click: { id: string };
  link: {
    id: string;
    domain: string;
    key: string;
    shortLink: string;
    url: string;
    partnerId: string | null;
    programId: string | null;
    tenantId: string | null;
    externalId: string | null;
  } | null;
  customer: {
    name: string | null;
    email: string | null;
    avatar: string | null;
    externalId: string | null;
  };
}>;
export declare const trackSaleResponseSchema: z.ZodType<{
  eventName: string;
  customer: {
    id: string;
    name: string | null;
    email: string | null;
    avatar: string | null;
    externalId: string | null;
  } | null;
  sale: {
    amount: number;
    currency: string;
    paymentProcessor: string;
    invoiceId: string | null;
    metadata: Record<string, unknown> | null;
  } | null;
}>;
export declare const dubErrorSchema: z.ZodType<{
  error: { code: string; message: string; doc_url?: string };
}>;
export declare const PAYMENT_PROCESSORS: string[];
export declare const DUB_CORS_HEADERS: Readonly<Record<string, string>>;

export declare function dubErrorBody(
  code: string,
  message: string,
): { error: { code: string; message: string; doc_url: string } };
export declare function zodErrorMessage(error: z.ZodError): string;
export declare function hostnameOf(headers: Record<string, string | undefined>): string | null;
export declare function hostnameAllowed(
  allowedHostnames: string[],
  headers: Record<string, string | undefined>,
): boolean;
export declare function takeToken(
  windows: Map<string, number>,
  identifier: string,
  limit: { requests: number; windowMs: number },
  now?: number,
): { success: boolean; remaining: number; reset: number };

/** One request the stand-in received, as examples/collector.mjs records them. */
export interface StandinRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: string;
  json: unknown;
  time: number;
  /** `{status, body}` once answered. */
  answer: { status: number; body: unknown } | undefined;
}

export type StandinAnswer = { status?: number; body?: unknown; headers?: Record<string, string> };

export interface DubStandinOptions {
  /** Publishable keys and their workspace's allowed hostnames (or `{allowedHostnames, plan}`). Default `{dub_pk_standin: []}`. */
  keys?: Record<string, string[] | { allowedHostnames?: string[]; plan?: string }>;
  /** Requests per key per window. Default 600 per 60,000 ms. */
  rateLimit?: number | { requests?: number; windowMs?: number };
  /** Click IDs Dub knows. Default `'any'` (every non-empty one). */
  clicks?: 'any' | string[];
  /** Short links for /track/click and /track/visit. Default: any domain and key. */
  links?: {
    domain: string;
    key: string;
    url?: string;
    partner?: object;
    discount?: object | null;
    allowedHostnames?: string[];
  }[];
  /** Customers the first key's workspace already has. */
  customers?: {
    externalId: string;
    clickId?: string;
    name?: string;
    email?: string;
    leadEvents?: string[];
  }[];
  /** Secret workspace keys (`dub_…`) for the server routes the `dub` SDK calls (`/track/lead`, `/track/sale`, `PATCH /customers/:id`); they act on the first publishable key's workspace. Default `['dub_standin_secret']`. */
  secretKeys?: string[];
  /** Mount point for `handle`. */
  basePath?: string;
  onEvent?: (record: StandinRecord) => void;
}

export interface StandinState {
  workspaces: Map<string, { customers: Map<string, Record<string, unknown>> }>;
  leads: Record<string, unknown>[];
  sales: Record<string, unknown>[];
  clicksRecorded: Record<string, unknown>[];
}

export interface DubStandin {
  requests: StandinRecord[];
  /** The per-key limit; a test may change it while the stand-in runs. */
  rateLimit: { requests: number; windowMs: number };
  readonly state: StandinState;
  /** The POST records, and the PATCHes of customers. */
  tracked(): StandinRecord[];
  waitForTracked(count?: number, timeoutMs?: number): Promise<StandinRecord[]>;
  failNext(
    n: number,
    answer: StandinAnswer | ((record: StandinRecord) => StandinAnswer),
  ): DubStandin;
  addClick(clickId: string): DubStandin;
  reset(): DubStandin;
  handle(req: http.IncomingMessage, res: http.ServerResponse): boolean;
  close(): void | Promise<void>;
}

export interface StartedDubStandin extends DubStandin {
  server: http.Server;
  port: number;
  /** `http(s)://host:port`. */
  url: string;
  close(): Promise<void>;
}

export declare function createDubStandin(options?: DubStandinOptions): DubStandin;
export declare function startDubStandin(
  options?: DubStandinOptions & {
    host?: string;
    port?: number;
    tls?: { key: string | Buffer; cert: string | Buffer };
  },
): Promise<StartedDubStandin>;
