export { AutotaskClient, PAGE_SIZE, selectsEveryRecord } from './client';
export type { ClientOptions } from './client';
export { credentialResourceId, verifiedImpersonationId } from './credentialResource';
export { autotaskUserApiTest } from './credentialTest';
export { normalizeRecord, toAutotaskDateTime } from './dates';
export type { DateTimeLike } from './dates';
export { getAutotaskErrorDetails } from './errors';
export { jsonWithFile, readJsonWithFiles } from './fileBodies';
export type { FileContent } from './fileBodies';
export type { AutotaskErrorDetails } from './errors';
export { AUTOTASK_THREAD_LIMIT } from './limiter';
export { clearMetadataCache, metadataCacheSettings } from './metadataCache';
export { retryPolicy } from './retryPolicy';
export { CREDENTIAL_TYPE } from './types';
export type {
	AutotaskContext,
	AutotaskFilter,
	AutotaskRecord,
	EntityInfo,
	EntityPath,
	FieldInfo,
	PicklistValue,
	QueryRequest,
	RequestKind,
	RequestOptions,
	UdfInfo,
	UserAccess,
} from './types';
export { zoneCacheSettings } from './zoneResolver';
export type { ResolvedZone } from './zoneResolver';
export { AUTOTASK_ZONE_LOOKUP_URL, KNOWN_ZONES } from './zones';
