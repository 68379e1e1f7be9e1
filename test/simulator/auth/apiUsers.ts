export type ZoneId = 'z1' | 'z2';

/**
 * The simulated zones. Zone 1 is served at the root of the simulator's host and zone 2 under
 * /z2, so a "zone move" changes the REST root a client must use, as it would between hosts.
 */
export const ZONES: Record<ZoneId, { zoneName: string; pathPrefix: string }> = {
	z1: { zoneName: 'SIM01', pathPrefix: '' },
	z2: { zoneName: 'SIM02', pathPrefix: '/z2' },
};

/** REST root of a zone, with the trailing slash Autotask's zoneInformation url has. */
export function zoneRestRoot(baseUrl: string, zone: ZoneId): string {
	return `${baseUrl}${ZONES[zone].pathPrefix}/ATServicesRest/`;
}

export interface ApiUser {
	userName: string;
	secret: string;
	integrationCode: string;
	/**
	 * Every API user is a Resource. As on real tenants, the login is the resource's userName with
	 * the tenant's domain appended: the resource's userName is the API username's part before `@`.
	 */
	resourceId: number;
	zone: ZoneId;
	/** Admin rights on Resources/Users (HR): needed to update Resources. */
	resourceAdmin: boolean;
}

/** The API users the simulator accepts; user names are case-insensitive, as in Autotask. */
export class ApiUserRegistry {
	private readonly users = new Map<string, ApiUser>();

	constructor(readonly defaultUser: ApiUser) {
		this.add(defaultUser);
	}

	add(user: ApiUser): void {
		const key = user.userName.toLowerCase();
		if (this.users.has(key)) throw new Error(`API user ${user.userName} already exists`);
		this.users.set(key, user);
	}

	find(userName: string): ApiUser | undefined {
		return this.users.get(userName.toLowerCase());
	}

	all(): ApiUser[] {
		return [...this.users.values()];
	}

	move(userName: string, zone: ZoneId): void {
		const user = this.find(userName);
		if (!user) throw new Error(`No API user ${userName}`);
		user.zone = zone;
	}
}

export interface NewApiUser {
	userName: string;
	secret: string;
	integrationCode: string;
	zone?: ZoneId;
	/** Admin rights on Resources (needed to update Resources). Default false. */
	resourceAdmin?: boolean;
}
