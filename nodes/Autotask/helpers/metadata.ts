import { buildLabelLookup } from '../../common/output';
import type { LabelLookup } from '../../common/output';
import type { AutotaskClient } from '../../transport';
import type { FieldInfo, UdfInfo } from '../../transport/types';

/** The entity's metadata for one execution: fetched through the transport's cache, labels built once. */
export interface EntityMetadata {
	fields: FieldInfo[];
	udfs: UdfInfo[];
	labels: LabelLookup;
}

/** Per-execution memo over the transport's metadata cache, so items of one entity share one lookup. */
export function metadataLoader(client: AutotaskClient): (entity: string) => Promise<EntityMetadata> {
	const loaded = new Map<string, Promise<EntityMetadata>>();
	return async (entity) => {
		let metadata = loaded.get(entity);
		if (!metadata) {
			metadata = (async () => {
				const [fields, udfs] = await Promise.all([client.fields(entity), client.udfs(entity)]);
				return { fields, udfs, labels: buildLabelLookup([...fields, ...udfs]) };
			})();
			loaded.set(entity, metadata);
		}
		return await metadata;
	};
}
