import { createApprovalActivities, createOutcomeNotifier } from './approval.js';
import { createCaptionActivities } from './caption.js';
import type { ActivityDeps } from './deps.js';
import { createFinishActivity } from './finish.js';
import { createLifecycleActivities } from './lifecycle.js';
import { createMaintenanceActivities } from './maintenance.js';
import type { MaintenanceActivities } from './maintenance-types.js';
import { createPublishActivities } from './publish.js';
import type { LifecycleActivities, PublishActivities } from './types.js';

export type { ActivityDeps } from './deps.js';
export type { MaintenanceActivities, ReconcilePage, ReconcileReport } from './maintenance-types.js';
export type { LifecycleActivities, PublishActivities, PublishHold, Recorded } from './types.js';

/**
 * Builds every activity from its dependencies. Register the result on the lifecycle worker
 * (`lifecycle`) and on each platform's publish worker (`publish`).
 *
 * @example
 * ```ts
 * const activities = createActivities({ store, adapters, media, telegram, captions });
 * await Worker.create({ taskQueue: LIFECYCLE_TASK_QUEUE, activities: activities.lifecycle, ... });
 * ```
 */
export function createActivities(deps: ActivityDeps): {
  lifecycle: LifecycleActivities & MaintenanceActivities;
  publish: PublishActivities;
} {
  return {
    lifecycle: {
      ...createLifecycleActivities(deps),
      ...createCaptionActivities(deps),
      ...createApprovalActivities(deps),
      ...createFinishActivity(deps),
      ...createMaintenanceActivities(deps, createOutcomeNotifier(deps)),
    },
    publish: createPublishActivities(deps),
  };
}
