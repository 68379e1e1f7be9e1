/** Autotask's own zone lookup; answers without authentication and is exempt from thread limits. */
export const AUTOTASK_ZONE_LOOKUP_URL =
	'https://webservices.autotask.net/atservicesrest/v1.0/zoneInformation';

interface KnownZone {
	name: string;
	/** REST root with its trailing slash, as zoneInformation returns it. */
	restRoot: string;
}

const zone = (name: string, host: string): KnownZone => ({
	name,
	restRoot: `https://${host}.autotask.net/ATServicesRest/`,
});

/** Autotask's published zones, for users who prefer to pin one instead of auto-detecting. */
export const KNOWN_ZONES: readonly KnownZone[] = [
	zone('America East (webservices3)', 'webservices3'),
	zone('America East 2 (webservices14)', 'webservices14'),
	zone('America East 3 (webservices22)', 'webservices22'),
	zone('America West (webservices5)', 'webservices5'),
	zone('America West 2 (webservices15)', 'webservices15'),
	zone('America West 3 (webservices24)', 'webservices24'),
	zone('America West 4 (webservices25)', 'webservices25'),
	zone('Australia / NZ (webservices6)', 'webservices6'),
	zone('Australia 2 (webservices26)', 'webservices26'),
	zone('Australia / NZ Sydney (webservices29)', 'webservices29'),
	zone('EU1, English Europe and Asia (webservices19)', 'webservices19'),
	zone('German (webservices18)', 'webservices18'),
	zone('Spanish (webservices12)', 'webservices12'),
	zone('UK (webservices4)', 'webservices4'),
	zone('UK2 (webservices16)', 'webservices16'),
	zone('UK3 (webservices28)', 'webservices28'),
	zone('Limited Release (webservices1)', 'webservices1'),
	zone('Limited Release UK (webservices17)', 'webservices17'),
	zone('Pre-Release (webservices2)', 'webservices2'),
	zone('Pre-Release UK (webservices11)', 'webservices11'),
	zone('Pre-Release German (prde)', 'prde'),
	zone('Pre-Release Spanish (pres)', 'pres'),
];
