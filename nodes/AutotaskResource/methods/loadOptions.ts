import { picklistMethod } from '../../common/picklistOptions';
import { referenceFieldsMethod } from '../../common/referenceLabels';
import { RESOURCES } from '../shared/resource';

export const getResourceTypes = picklistMethod(RESOURCES, 'resourceType');
export const getLicenseTypes = picklistMethod(RESOURCES, 'licenseType');
export const getLocations = picklistMethod(RESOURCES, 'locationID');

/** Reference fields of Resources, for Options > Reference Fields to Label. */
export const getReferenceFields = referenceFieldsMethod(() => RESOURCES);
