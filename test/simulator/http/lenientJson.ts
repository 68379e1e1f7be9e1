/**
 * A JSON reader as lenient as the Newtonsoft.Json parser behind Autotask: besides strict JSON it
 * accepts single-quoted strings, unquoted property names and trailing commas. Real clients rely on
 * this (one sends `search={'filter':[{'op':'exist','field':'IsActive'}]}` and gets results).
 */
export function parseLenientJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		const reader = new LenientReader(text);
		const value = reader.readValue();
		reader.expectEnd();
		return value;
	}
}

class LenientReader {
	private pos = 0;

	constructor(private readonly text: string) {}

	readValue(): unknown {
		this.skipWhitespace();
		const char = this.text[this.pos];
		if (char === '{') return this.readObject();
		if (char === '[') return this.readArray();
		if (char === '"' || char === "'") return this.readString(char);
		const word = this.readBareWord();
		if (word === 'true') return true;
		if (word === 'false') return false;
		if (word === 'null') return null;
		const number = Number(word);
		if (word !== '' && !Number.isNaN(number)) return number;
		throw this.fail(`unexpected token "${word || char}"`);
	}

	expectEnd(): void {
		this.skipWhitespace();
		if (this.pos < this.text.length) throw this.fail('unexpected trailing characters');
	}

	private readObject(): Record<string, unknown> {
		const result: Record<string, unknown> = {};
		this.pos++; // {
		for (;;) {
			this.skipWhitespace();
			if (this.text[this.pos] === '}') {
				this.pos++;
				return result;
			}
			const quote = this.text[this.pos];
			const key = quote === '"' || quote === "'" ? this.readString(quote) : this.readBareWord();
			if (!key) throw this.fail('property name expected');
			this.skipWhitespace();
			if (this.text[this.pos++] !== ':') throw this.fail('":" expected');
			result[key] = this.readValue();
			this.skipSeparator('}');
		}
	}

	private readArray(): unknown[] {
		const result: unknown[] = [];
		this.pos++; // [
		for (;;) {
			this.skipWhitespace();
			if (this.text[this.pos] === ']') {
				this.pos++;
				return result;
			}
			result.push(this.readValue());
			this.skipSeparator(']');
		}
	}

	/** After a member: either a comma (a trailing one is fine) or the closing bracket. */
	private skipSeparator(closing: string): void {
		this.skipWhitespace();
		const char = this.text[this.pos];
		if (char === ',') this.pos++;
		else if (char !== closing) throw this.fail(`"," or "${closing}" expected`);
	}

	private readString(quote: string): string {
		let result = '';
		this.pos++; // opening quote
		while (this.pos < this.text.length) {
			const char = this.text[this.pos++];
			if (char === quote) return result;
			if (char !== '\\') {
				result += char;
				continue;
			}
			const escaped = this.text[this.pos++];
			if (escaped === 'u') {
				result += String.fromCharCode(parseInt(this.text.slice(this.pos, this.pos + 4), 16));
				this.pos += 4;
			} else {
				result += ESCAPES[escaped] ?? escaped;
			}
		}
		throw this.fail('unterminated string');
	}

	private readBareWord(): string {
		const start = this.pos;
		while (this.pos < this.text.length && /[\w.+-]/.test(this.text[this.pos])) this.pos++;
		return this.text.slice(start, this.pos);
	}

	private skipWhitespace(): void {
		while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
	}

	private fail(reason: string): SyntaxError {
		return new SyntaxError(`Invalid JSON at position ${this.pos}: ${reason}`);
	}
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
