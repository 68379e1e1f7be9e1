/**
 * Error responses, in the two shapes Autotask uses:
 * - business, validation and most auth failures: `{"errors":["..."]}` (usually HTTP 500);
 * - ASP.NET Web API framework failures (routing, method): `{"Message":"..."}`.
 */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly body: unknown,
		readonly headers: Record<string, string> = {},
	) {
		super(typeof body === 'object' && body !== null ? JSON.stringify(body) : String(body));
	}
}

export function autotaskError(messages: string | string[], status = 500): ApiError {
	return new ApiError(status, { errors: Array.isArray(messages) ? messages : [messages] });
}

export function frameworkError(status: number, message: string): ApiError {
	return new ApiError(status, { Message: message });
}

/**
 * The error texts. Those marked REAL were captured from a live Autotask tenant or its official
 * documentation; the others are invented (no public capture exists) but keep Autotask's style.
 */
export const messages = {
	// REAL (KelvinTegelaar/AutotaskAPI#17)
	zoneUnknown: 'Zone information could not be determined',
	// REAL (ASP.NET Web API standard texts; the 405 one captured in WYRE-AI/autotask-mcp#170)
	noRoute: (uri: string) => `No HTTP resource was found that matches the request URI '${uri}'.`,
	methodNotAllowed: (method: string) => `The requested resource does not support http method '${method}'.`,
	// ASP.NET's standard [Authorize] denial text; Autotask documents only the 401 status.
	unauthorized: 'Authorization has been denied for this request.',
	unknownUser: (userName: string) => `User [${userName}] is not a valid API user.`,
	badIntegrationCode: 'The ApiIntegrationCode header does not contain a valid integration code for this API user.',
	badImpersonation: (value: string) =>
		`ImpersonationResourceId [${value}] does not reference an active Resource.`,
	// REAL (msoukhomlinov/n8n-nodes-autotask#107); the dash replaces the original em dash.
	threadThreshold: (limit: number) =>
		`Itgenatr005: Thread Threshold Exceeded - The Autotask API thread threshold of ${limit} threads has been exceeded.`,
	hourlyThreshold: (limit: number) =>
		`API request threshold exceeded: the limit of ${limit} requests per rolling 60 minutes has been reached. Try again later.`,
	serviceUnavailable: 'The service is temporarily unavailable. Please try again later.',
	internalError: 'An unexpected error has occurred.',
	// REAL (Autotask TasksEntity.htm)
	noUpdatePermission: 'The logged in Resource does not have the adequate permissions to update this entity type.',
	// The REAL text above with the verb changed; what Autotask says for a refused impersonation is a guess.
	noPermission: (verb: 'create' | 'update' | 'delete') =>
		`The logged in Resource does not have the adequate permissions to ${verb} this entity type.`,
	// REAL (django-autotask NO_RECORD_ERROR_MESSAGE)
	noRecordToDelete:
		'No message. No matching records found. The logged in Resource may not have the required permissions to delete the data.',
	noRecordToUpdate: (entity: string, id: number) =>
		`No matching records found. The ${entity} with id [${id}] does not exist or the logged in Resource may not have the required permissions to update the data.`,
	missingId: 'The id of the entity to update is required.',
	missingBody: 'The request body is missing or is not valid JSON.',
	// REAL (WYRE-AI/autotask-mcp#46), including its odd spacing
	invalidReference: (field: string) => `Value does not reference an existing entity for ${field} . `,
	inactivePicklistValue: (field: string, value: string) => `Value [${value}] for ${field} is inactive.`,
	dependentPicklist: (field: string, parentField: string) =>
		`Value for ${field} is not valid for the selected ${parentField}.`,
	requiredField: (field: string) => `Field [${field}] is required.`,
	readOnlyField: (field: string) => `Field [${field}] is read-only and cannot be changed.`,
	tooLong: (field: string, max: number) => `Field [${field}] exceeds the maximum length of ${max} characters.`,
	// Newtonsoft.Json's conversion error, which is what a bad value type produces in ASP.NET.
	conversion: (value: unknown, clrType: string, path: string) =>
		`Error converting value ${JSON.stringify(value)} to type '${clrType}'. Path '${path}'.`,
	unknownUdf: (name: string) => `User-defined field [${name}] does not exist for this entity.`,
	udfPicklist: (name: string, value: string) => `Value [${value}] is not a valid picklist value for user-defined field [${name}].`,
	parentMismatch: (field: string) => `The ${field} in the request body does not match the parent id in the URL.`,
	// Query errors
	emptyFilter: 'A filter is required. Send at least one filter condition, e.g. {"op":"exist","field":"id"}.',
	unknownField: (field: string, entity: string) => `Unable to find field [${field}] in the ${entity} entity.`,
	notQueryable: (field: string) => `Field [${field}] is not queryable.`,
	// REAL wording from the official UserDefinedFieldDefinitions page
	oneUdfOnly: 'You can only query by one user-defined field at a time.',
	unknownOperator: (op: string) => `Invalid operator [${op}].`,
	groupNeedsItems: (op: string) => `The ${op} operator requires a non-empty items array.`,
	valueRequired: (op: string, field: string) => `A value is required for operator ${op} on field [${field}].`,
	listRequired: (op: string, field: string) => `The ${op} operator requires a non-empty array value on field [${field}].`,
	booleanRequired: (field: string) => `Field [${field}] is a boolean: the value must be either true or false.`,
	badFilterValue: (field: string, value: unknown) => `Value ${JSON.stringify(value)} is not valid for field [${field}].`,
	maxRecords: 'MaxRecords must be between 1 and 500.',
	badPaging: 'The paging parameter is missing or invalid.',
	pagingBodyChanged: 'The query of a next page request must be the same as the query of the first page.',
	badSearch: 'The search parameter is not a valid query: expected JSON such as {"filter":[{"op":"exist","field":"id"}]}.',
	// REAL (the Autotask SOAP thresholds page; repeated for REST by third parties)
	tooManyOrs: "Invalid query syntax. Queries are limited to 500 or fewer 'OR' conditions.",
};
