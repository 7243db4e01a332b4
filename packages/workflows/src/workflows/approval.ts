import { condition } from '@temporalio/workflow';
import { approvals, bookkeeping } from './activities.js';
import { type Lifecycle, SYSTEM } from './state.js';

/** How a wait for approval ended (`not_needed`: an edit took the approval requirement away). */
export type ApprovalOutcome = 'approved' | 'rejected' | 'expired' | 'cancelled' | 'not_needed';

/**
 * Asks the approvers (Telegram, when the workspace has it; the host app always can) and waits for
 * a decision, the deadline, or a cancel. Reminders go out before the deadline; an edit or a new
 * caption sends a fresh request. The deadline is the policy's, or else the publish time; without
 * either the post waits indefinitely.
 */
export async function awaitApproval(life: Lifecycle): Promise<ApprovalOutcome> {
  life.decision = null;
  await life.transition('awaiting_approval');
  const deadline = approvalDeadline(life);
  const request = (reminder: boolean) =>
    approvals.requestApproval({
      ...life.event(),
      reminder,
      deadline: deadline === null ? null : new Date(deadline).toISOString(),
    });
  await request(false);
  const reminders = (life.plan.approval.remindMinutesBefore ?? [])
    .map((minutes) => (deadline === null ? Number.NaN : deadline - minutes * 60_000))
    .filter((at) => !Number.isNaN(at) && at > Date.now())
    .sort((a, b) => a - b);

  for (;;) {
    const seen = life.wake;
    const nextWake = Math.min(reminders[0] ?? Number.POSITIVE_INFINITY, deadline ?? Number.POSITIVE_INFINITY);
    const woken = () =>
      life.decision !== null || life.cancelRequest !== null || life.approvalStale || life.wake !== seen;
    if (Number.isFinite(nextWake)) await condition(woken, Math.max(1, nextWake - Date.now()));
    else await condition(woken);
    await life.settled();

    if (life.cancelRequest) return 'cancelled';
    if (life.plan.approval.mode !== 'required') return 'not_needed';
    const decision = life.decision;
    if (decision) {
      await bookkeeping.recordEvent({
        ...life.event(),
        type: decision.kind === 'approved' ? 'post.approved' : 'post.rejected',
        actor: decision.actor,
        data: decision.reason ? { reason: decision.reason } : {},
      });
      await approvals.announceDecision({
        ...life.event(),
        decision: decision.kind,
        actor: decision.actor,
        ...(decision.reason ? { reason: decision.reason } : {}),
      });
      if (decision.kind === 'rejected') return 'rejected';
      life.approvedVersion = life.plan.version;
      return 'approved';
    }
    if (life.approvalStale) {
      life.approvalStale = false;
      await request(false);
      continue;
    }
    if (deadline !== null && Date.now() >= deadline) {
      if (life.plan.approval.onDeadline === 'approve') {
        life.decision = { kind: 'approved', actor: SYSTEM, reason: 'approved automatically at the deadline' };
        continue;
      }
      await approvals.announceDecision({ ...life.event(), decision: 'expired', actor: SYSTEM });
      return 'expired';
    }
    if (reminders[0] !== undefined && Date.now() >= reminders[0]) {
      reminders.shift();
      await request(true);
    }
  }
}

function approvalDeadline(life: Lifecycle): number | null {
  if (life.plan.approval.deadline) return Date.parse(life.plan.approval.deadline);
  return life.plan.publishAt ? Date.parse(life.plan.publishAt) : null;
}
