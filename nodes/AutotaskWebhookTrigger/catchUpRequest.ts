import { sleep } from 'n8n-workflow';
import type { IHttpRequestOptions } from 'n8n-workflow';

import { signatureOf } from './signature';
import type { WebhookState } from './state';

/** The trigger's own signed request asking for a catch-up (see receive.ts). */
export const CATCH_UP_ACTION = 'CatchUp';

/** After these waits n8n serves the URL for sure; a catch-up request that never lands waits for the next callout. */
const WAITS_MS = [500, 1_000, 2_000, 4_000, 8_000, 15_000, 30_000];

/**
 * Asks the trigger itself, through its own URL and signed with its secret, to run the catch-up:
 * only a webhook call can start executions, the lifecycle hooks and the watchdog cannot. This is
 * the package's only HTTP request that does not go to Autotask.
 */
export function requestCatchUp(httpRequest: (options: IHttpRequestOptions) => Promise<unknown>, state: WebhookState): void {
	const body = JSON.stringify({ Action: CATCH_UP_ACTION, Guid: state.webhookGuid, Id: 0, At: new Date().toISOString() });
	const signature = signatureOf(state.secret, body);
	void (async () => {
		for (const waitMs of WAITS_MS) {
			await sleep(waitMs);
			try {
				await httpRequest({
					method: 'POST',
					url: state.url,
					body,
					headers: { 'Content-Type': 'application/json', 'X-Hook-Signature': signature },
				});
				return;
			} catch {
				// Not served yet (n8n is still starting): try again after the next wait.
			}
		}
	})();
}
