import { ActivityFailure, condition } from '@temporalio/workflow';
import { captioning } from './activities.js';
import { messageOf } from './failures.js';
import { type Lifecycle, SYSTEM } from './state.js';

/**
 * Writes the caption the post was created with. When it fails for good (retries spent, or at once
 * for a refused or missing key), the post goes back to `draft` with the reason as its problem and
 * waits: `regenerateCaption` once the cause is fixed writes the caption and the post goes on, or
 * a cancel ends it. Nothing is lost and nothing is published without its caption.
 */
export async function writeCaption(life: Lifecycle): Promise<'written' | 'cancelled'> {
  await life.transition('captioning');
  try {
    const { version } = await captioning.generateCaption({ ...life.event(), actor: SYSTEM });
    life.plan = { ...life.plan, version };
    life.captionPending = false;
    await life.transition('draft');
    return 'written';
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    const message = `the AI caption failed: ${messageOf(error)}`;
    await life.transition('draft', SYSTEM, message, { kind: 'caption_failed', message });
  }
  await condition(() => !life.captionPending || life.cancelRequest !== null);
  await life.settled();
  return life.cancelRequest ? 'cancelled' : 'written';
}
