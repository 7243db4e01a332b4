import {
  type DecisionArgs,
  decisionArgsSchema,
  editPostArgsSchema,
  regenerateCaptionArgsSchema,
  rescheduleArgsSchema,
  targetsCancelledArgsSchema,
} from '@relaypost/core/schemas';
import { condition, setHandler } from '@temporalio/workflow';
import { captioning, forCaller } from './activities.js';
import {
  approveUpdate,
  cancelUpdate,
  editUpdate,
  publishNowUpdate,
  regenerateCaptionUpdate,
  rejectUpdate,
  rescheduleUpdate,
  stateQuery,
  targetsCancelledUpdate,
} from './definitions.js';
import { assertAllowed, conflictFailure, parseArgs, validationFailure } from './failures.js';
import type { Lifecycle } from './state.js';

/**
 * Registers the `state` query and every update. Each validator parses its arguments with the
 * schema the SDK used (so nothing the SDK refuses gets in, whoever sends it) and checks that the
 * post's status allows the change; a refusal is a typed failure and nothing is written. The
 * handlers record the change through an activity, then wake the main loop. Registered before the
 * plan loads: an update that arrives in the first activation is only kept if its handler exists
 * by the end of it; the handlers wait for the plan before acting.
 */
export function registerHandlers(life: Lifecycle): void {
  setHandler(stateQuery, () => (life.loaded ? life.snapshot() : null));

  setHandler(
    editUpdate,
    (args) =>
      life.whileBusy(async () => {
        life.plan = await forCaller.applyEdit({ ...life.event(), edit: args });
        life.armed = null;
        if (life.approvedVersion !== null && life.plan.approval.reapproveOnEdit) life.approvedVersion = null;
        if (life.status === 'awaiting_approval') life.approvalStale = true;
        if (life.approvedVersion !== null) life.approvedVersion = life.plan.version;
        return life.snapshot();
      }),
    {
      validator: (args) => {
        assertAllowed('edit', life.status);
        parseArgs(editPostArgsSchema, args, 'edit');
      },
    },
  );

  setHandler(
    rescheduleUpdate,
    (args) =>
      life.whileBusy(async () => {
        await forCaller.applyReschedule({ ...life.event(), ...args });
        const publishAt = new Date(args.at).toISOString();
        life.plan = { ...life.plan, publishAt, timeZone: args.timeZone ?? life.plan.timeZone };
        life.armed = null;
        return life.snapshot();
      }),
    {
      validator: (args) => {
        assertAllowed('reschedule', life.status);
        const { at } = parseArgs(rescheduleArgsSchema, args, 'reschedule');
        if (Date.parse(at) < Date.now())
          throw validationFailure(
            [{ path: 'at', message: 'must not be in the past', actual: at }],
            'reschedule',
          );
      },
    },
  );

  setHandler(
    cancelUpdate,
    async (args) => {
      await condition(() => life.loaded);
      life.cancelRequest = { actor: args.actor, reason: args.reason };
      life.wake++;
      if (life.parked) {
        // The main loop answers at once here, and a held publish may already have been claimed:
        // wait for the verdict so the caller learns whether the cancel won.
        await condition(() => life.status === 'cancelled' || life.cancelRequest === null);
        if (life.status !== 'cancelled') throw conflictFailure('publishing', 'post is publishing');
      }
      return life.snapshot();
    },
    {
      validator: (args) => {
        assertAllowed('cancel', life.status);
        parseArgs(decisionArgsSchema, args, 'cancel');
      },
    },
  );

  setHandler(
    publishNowUpdate,
    (args) =>
      life.whileBusy(async () => {
        // Moving the time disarms a publish held for the old one, or fails once it was claimed.
        const at = new Date(Date.now()).toISOString();
        await forCaller.applyReschedule({ ...life.event(), actor: args.actor, at, publishNow: true });
        life.plan = { ...life.plan, publishAt: at };
        life.armed = null;
        life.publishNow = true;
        return life.snapshot();
      }),
    {
      validator: (args) => {
        assertAllowed('publishNow', life.status);
        parseArgs(decisionArgsSchema, args, 'publishNow');
      },
    },
  );

  const decide = (kind: 'approved' | 'rejected') => async (args: DecisionArgs) => {
    await condition(() => life.loaded);
    life.decision = { kind, actor: args.actor, reason: args.reason };
    life.wake++;
    return life.snapshot();
  };
  const awaitingApproval = (name: 'approve' | 'reject') => (args: unknown) => {
    assertAllowed(name, life.status);
    parseArgs(decisionArgsSchema, args, name);
  };
  setHandler(approveUpdate, decide('approved'), { validator: awaitingApproval('approve') });
  setHandler(rejectUpdate, decide('rejected'), { validator: awaitingApproval('reject') });

  setHandler(
    regenerateCaptionUpdate,
    (args) =>
      life.whileBusy(async () => {
        const { version } = await captioning.generateCaption({
          ...life.event(),
          actor: args.actor,
          ...(args.brief ? { brief: args.brief } : {}),
        });
        life.plan = { ...life.plan, version };
        life.captionPending = false;
        life.armed = null;
        if (life.status === 'awaiting_approval') life.approvalStale = true;
        return life.snapshot();
      }),
    {
      validator: (args) => {
        assertAllowed('regenerateCaption', life.status);
        parseArgs(regenerateCaptionArgsSchema, args, 'regenerateCaption');
      },
    },
  );

  setHandler(
    targetsCancelledUpdate,
    (args) =>
      life.whileBusy(async () => {
        life.plan = await forCaller.cancelTargetsForAccount({ ...life.event(), ...args });
        if (life.plan.targets.every((t) => t.status === 'cancelled'))
          life.cancelRequest = { actor: args.actor, reason: 'every target was cancelled' };
        return life.snapshot();
      }),
    {
      validator: (args) => {
        assertAllowed('targetsCancelled', life.status);
        parseArgs(targetsCancelledArgsSchema, args, 'targetsCancelled');
      },
    },
  );
}
