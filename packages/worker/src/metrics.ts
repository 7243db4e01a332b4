import type { ActivityObserver } from '@relaypost/workflows';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one worker process, and the observer that feeds them. */
export function createMetrics(): { registry: Registry; observer: ActivityObserver } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'relaypost_process_' });
  const published = new Counter({
    name: 'relaypost_posts_published_total',
    help: 'Targets published, by platform',
    labelNames: ['platform'],
    registers: [registry],
  });
  const failed = new Counter({
    name: 'relaypost_posts_failed_total',
    help: 'Targets that failed or ended uncertain, by platform and error kind',
    labelNames: ['platform', 'kind'],
    registers: [registry],
  });
  const lateness = new Histogram({
    name: 'relaypost_publish_lateness_seconds',
    help: 'Time from the scheduled instant to the platform accepting the post',
    labelNames: ['platform'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  const approvalWait = new Histogram({
    name: 'relaypost_approval_wait_seconds',
    help: 'Time from the approval request to the decision',
    labelNames: ['decision'],
    buckets: [60, 300, 900, 3600, 4 * 3600, 12 * 3600, 86400, 3 * 86400],
    registers: [registry],
  });
  const refreshes = new Counter({
    name: 'relaypost_token_refreshes_total',
    help: 'Credential refreshes, by platform and result',
    labelNames: ['platform', 'result'],
    registers: [registry],
  });
  return {
    registry,
    observer: {
      targetFinished(event) {
        if (event.status === 'published') {
          published.inc({ platform: event.platform });
          if (event.latenessMs !== undefined)
            lateness.observe({ platform: event.platform }, event.latenessMs / 1000);
        } else {
          failed.inc({ platform: event.platform, kind: event.errorKind ?? event.status });
        }
      },
      approvalDecided(event) {
        approvalWait.observe({ decision: event.decision }, event.waitMs / 1000);
      },
      credentialsRefreshed(event) {
        refreshes.inc({ platform: event.platform, result: event.ok ? 'ok' : 'failed' });
      },
    },
  };
}
