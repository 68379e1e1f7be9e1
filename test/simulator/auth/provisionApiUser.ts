import type { Store } from '../store/store';
import type { ApiUser, NewApiUser } from './apiUsers';

/** Resource.userName holds at most 32 characters (real entityInformation/fields). */
const RESOURCE_USERNAME_LENGTH = 32;

/**
 * Creates the API user's own Resource (license "API User") and returns the user. The resource's
 * userName is the API username's part before `@` (Autotask appends the tenant's domain to it for
 * the API login; usernames may not contain `@`); its e-mail is the API username.
 */
export function provisionApiUser(store: Store, user: NewApiUser): ApiUser {
	const [localPart, ...domain] = user.userName.split('@');
	if (localPart.length === 0 || localPart.length > RESOURCE_USERNAME_LENGTH) {
		throw new Error(`API username ${user.userName}: the part before @ must have 1 to ${RESOURCE_USERNAME_LENGTH} characters`);
	}
	const resource = store.insert(
		'Resources',
		{
			firstName: 'API',
			lastName: localPart,
			userName: localPart,
			email: domain.length > 0 ? user.userName : `${user.userName}@sandbox.example`,
			hireDate: store.clock.now(),
			licenseType: 7,
			userType: 4,
		},
		{ recordChange: false },
	);
	return {
		userName: user.userName,
		secret: user.secret,
		integrationCode: user.integrationCode,
		resourceId: resource.id as number,
		zone: user.zone ?? 'z1',
		resourceAdmin: user.resourceAdmin ?? false,
	};
}
