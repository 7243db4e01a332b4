import type { Logger } from 'pino';
import type { WorkerConfig } from './config.js';

/**
 * OpenTelemetry tracing, when `OTEL_EXPORTER_OTLP_ENDPOINT` is set. The OpenTelemetry packages
 * are optional: a worker without them runs untraced and says so once.
 */
export async function startTracing(
  config: WorkerConfig,
  logger: Logger,
): Promise<{ shutdown(): Promise<void> } | null> {
  if (!config.OTEL_EXPORTER_OTLP_ENDPOINT) return null;
  try {
    const sdkModule = '@opentelemetry/sdk-node';
    const exporterModule = '@opentelemetry/exporter-trace-otlp-http';
    const { NodeSDK } = (await import(sdkModule)) as {
      NodeSDK: new (options: unknown) => { start(): void; shutdown(): Promise<void> };
    };
    const { OTLPTraceExporter } = (await import(exporterModule)) as {
      OTLPTraceExporter: new (options: unknown) => unknown;
    };
    const sdk = new NodeSDK({
      serviceName: 'relaypost-worker',
      traceExporter: new OTLPTraceExporter({
        url: `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/$/, '')}/v1/traces`,
      }),
    });
    sdk.start();
    logger.info({ endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT }, 'OpenTelemetry tracing started');
    return sdk;
  } catch (error) {
    logger.warn(
      { err: error },
      'OTEL_EXPORTER_OTLP_ENDPOINT is set but @opentelemetry/sdk-node is not installed; running without tracing',
    );
    return null;
  }
}
