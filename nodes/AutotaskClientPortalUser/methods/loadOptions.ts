import { picklistMethod } from '../../common/picklistOptions';
import { referenceFieldsMethod } from '../../common/referenceLabels';
import { taskfireLevelNote } from '../shared/picklists';
import { PORTAL_USERS } from '../shared/portalUser';

/* The tenant's picklists for the portal user's fields; their values are integers, sent as numbers. */
export const getSecurityLevels = picklistMethod(PORTAL_USERS, 'securityLevel', taskfireLevelNote);
export const getDateFormats = picklistMethod(PORTAL_USERS, 'dateFormat');
export const getTimeFormats = picklistMethod(PORTAL_USERS, 'timeFormat');
export const getNumberFormats = picklistMethod(PORTAL_USERS, 'numberFormat');

/** Reference fields of ClientPortalUsers, for Options > Reference Fields to Label. */
export const getReferenceFields = referenceFieldsMethod(() => PORTAL_USERS);
