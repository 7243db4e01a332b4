import { proxyActivities } from '@temporalio/workflow';

/** The activity the codec test's workflow calls with its secret. */
export interface CodecTestActivities {
  remember(secret: string): Promise<string>;
}

const { remember } = proxyActivities<CodecTestActivities>({ startToCloseTimeout: '10 seconds' });

/** Passes a secret through its input, an activity's input and result, and its own result. */
export async function echoSecret(input: { secret: string }): Promise<string> {
  return remember(input.secret);
}
