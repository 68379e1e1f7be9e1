/**
 * The credential of a simulator API user, for the tests and the benchmark alike. Free of jest, so
 * the benchmark (compiled without jest's globals) shares it.
 */
import type { TestCredentials } from '../harness';
import type { ApiUser, Simulator } from '../simulator';

/**
 * The autotaskUserApi credential of a simulator API user (the default one unless given), with the
 * zone found through the simulator's zone lookup, as a user of the real service would set it up.
 */
export function credentialsFor(sim: Simulator, user: ApiUser = sim.users.default, impersonationResourceId = 0): TestCredentials {
	return {
		autotaskUserApi: {
			userName: user.userName,
			secret: user.secret,
			integrationCode: user.integrationCode,
			zone: 'auto',
			zoneLookupUrl: sim.zoneLookupUrl,
			impersonationResourceId,
		},
	};
}
