import { register } from 'node:module';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-node';
import type { Logger } from 'pino';

/*
 * OpenTelemetry traces (docs/operations.md): off by default; on with HUB_TRACING=on or
 * OTEL_EXPORTER_OTLP_ENDPOINT. Spans of incoming HTTP requests, GraphQL (parse, validate,
 * execute) and PostgreSQL queries go to an OTLP/HTTP collector. Spans never carry data:
 * no GraphQL document or variables, no SQL text or parameters, no query strings and no
 * path segments beyond the route (saved query ids, batch ids).
 *
 * Started before the rest of the hub is imported (src/main.ts), so that the
 * instrumentations see http, pg and graphql load: the loader hook handles ES modules,
 * require-in-the-middle the CommonJS ones.
 */

/** Attributes dropped from every span: they can hold values a client sent or data. */
const DROPPED = [
  'graphql.source',
  'db.statement',
  'db.query.text',
  'db.query.parameter',
  'http.url',
  'http.target',
  'url.full',
  'url.query',
  'http.user_agent',
  'user_agent.original',
  'net.peer.ip',
  'client.address',
  'network.peer.address',
  'http.client_ip',
];

/** A request path as a route: ids and other values in a path become `:id`. */
export function routePath(path: string): string {
  const p = path.split('?')[0];
  if (p.startsWith('/saved-queries/')) return '/saved-queries/:id';
  if (p.startsWith('/import/')) return '/import/:dataset';
  return ['/graphql', '/healthz', '/readyz', '/metrics', '/import', '/'].includes(p) ? p : '/:console';
}

/** Removes what must not leave the hub from ended spans, then hands them on. */
export class ScrubbingExporter implements SpanExporter {
  constructor(private readonly inner: SpanExporter) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    for (const span of spans) {
      const attributes = span.attributes as Record<string, unknown>;
      for (const key of Object.keys(attributes)) {
        if (DROPPED.includes(key) || key.startsWith('db.query.parameter') || key.startsWith('graphql.variables'))
          delete attributes[key];
      }
      for (const key of ['url.path', 'http.route']) {
        if (typeof attributes[key] === 'string') attributes[key] = routePath(attributes[key]);
      }
      for (const event of span.events) {
        // Exception events carry messages that may quote input.
        if (event.attributes) for (const k of Object.keys(event.attributes)) delete event.attributes[k];
      }
    }
    this.inner.export(spans, done);
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

export interface Tracing {
  /** Sends the spans still buffered, then stops. */
  shutdown(): Promise<void>;
}

export async function startTracing(opts: { endpoint?: string; serviceName: string; logger: Logger }): Promise<Tracing> {
  // ES modules loaded from now on pass through the instrumentations' loader hook.
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  const [
    { NodeTracerProvider, BatchSpanProcessor },
    { OTLPTraceExporter },
    { resourceFromAttributes },
    { registerInstrumentations },
    { HttpInstrumentation },
    { PgInstrumentation },
    { GraphQLInstrumentation },
  ] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/instrumentation'),
    import('@opentelemetry/instrumentation-http'),
    import('@opentelemetry/instrumentation-pg'),
    import('@opentelemetry/instrumentation-graphql'),
  ]);
  // The exporter reads OTEL_EXPORTER_OTLP_ENDPOINT (and _HEADERS) itself; its default is a
  // collector on localhost:4318.
  const exporter = new ScrubbingExporter(
    new OTLPTraceExporter(opts.endpoint ? { url: `${opts.endpoint.replace(/\/$/, '')}/v1/traces` } : {}),
  );
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': opts.serviceName }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  provider.register();
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes would drown the traces; the exporter's own requests are not traced.
        ignoreIncomingRequestHook: (req) => /^\/(healthz|readyz|metrics)\b/.test(req.url ?? ''),
        ignoreOutgoingRequestHook: () => true,
        headersToSpanAttributes: { server: { requestHeaders: [], responseHeaders: [] } },
      }),
      new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true }),
      new GraphQLInstrumentation({ allowValues: false, mergeItems: true, ignoreTrivialResolveSpans: true, depth: 2 }),
    ],
  });
  opts.logger.info(
    { endpoint: opts.endpoint ?? process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? 'http://localhost:4318' },
    'tracing on: spans go to the OTLP/HTTP collector',
  );
  return {
    async shutdown() {
      unregister();
      await provider.shutdown().catch((err: unknown) => opts.logger.warn({ err }, 'flushing the last spans failed'));
    },
  };
}
