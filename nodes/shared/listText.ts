/**
 * Lists given as text. Expressions hand list parameters over as an array, as a JSON array
 * in a string (`["a", "b"]`, e.g. from `{{ JSON.stringify(…) }}`), or as comma-separated
 * text; each node then cleans the entries in its own way.
 */

/** The array a text holds as JSON, or undefined when it holds none (not JSON, or not an array). */
export function jsonArrayIn(text: string): unknown[] | undefined {
	const trimmed = text.trim();
	if (!trimmed.startsWith('[')) return undefined;
	try {
		const parsed = JSON.parse(trimmed) as unknown;
		return Array.isArray(parsed) ? parsed : undefined;
	} catch {
		// Not JSON after all: the caller reads the text as a comma-separated list.
		return undefined;
	}
}
