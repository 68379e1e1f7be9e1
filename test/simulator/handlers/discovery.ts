import { ZONES, zoneRestRoot } from '../auth/apiUsers';
import { autotaskError, messages } from '../errors';
import { ok, type Handler, type PublicHandler } from './types';

/** The tenant's database id; every zone-move keeps the same tenant. */
const TENANT_CI = 7001;

/** GET /atservicesrest/v1.0/zoneInformation?user=...: no credentials needed. */
export const zoneInformation: PublicHandler = ({ url }, { users, baseUrl }) => {
	const user = users.find(url.searchParams.get('user') ?? '');
	if (!user) throw autotaskError(messages.zoneUnknown);
	const zone = ZONES[user.zone];
	return ok({
		zoneName: zone.zoneName,
		url: zoneRestRoot(baseUrl, user.zone),
		webUrl: `${baseUrl}${zone.pathPrefix}/`,
		ci: TENANT_CI,
	});
};

/** GET /atservicesrest/versioninformation: no credentials needed. */
export const versionInformation: PublicHandler = () => ok({ apiVersions: ['V1.0', 'V2.0'] });

/** GET /V1.0/Version: AutotaskVersionResultModel, all strings. */
export const version: Handler = () => ok({ majorVersion: '2026', minorVersion: '1', build: '0' });

/** GET /V1.0/ThresholdInformation: usage of the rolling hourly window (this request included). */
export const thresholdInformation: Handler = (_request, { hourly }) =>
	ok({
		externalRequestThreshold: hourly.limit,
		requestThresholdTimeframe: 60,
		currentTimeframeRequestCount: hourly.count(),
	});
