import { UnexpectedError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

/*
 * Autotask moves a file as base64 text in a record's `data` field (attachments): a 6 MB file is 8 MB
 * of text. An upload's body is built once as bytes (not as a JSON string plus the bytes the HTTP
 * client makes of it); an answer's file is decoded as it arrives, so neither the answer's text nor
 * its base64 text is ever held whole.
 */

const FILE_FIELD = 'data';
const CANONICAL_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The file of an upload: base64 text already in memory (n8n's in-memory binary data), or bytes read
 * from a store (n8n's filesystem, database or S3 binary data), encoded on the way.
 */
export type FileContent = { base64: string } | { size: number; read: () => Promise<AsyncIterable<Buffer>> };

/**
 * The JSON text of `fields` with `"data":"<the file as base64>"` added, as bytes (send it as the
 * request's `jsonBytes`). In-memory base64 is copied in as it is (made canonical first if it is
 * not); stored bytes are read and encoded chunk by chunk, and must be exactly `size` bytes.
 */
export async function jsonWithFile(fields: IDataObject, file: FileContent): Promise<Buffer> {
	const fieldsText = JSON.stringify(fields);
	const head = `${fieldsText.slice(0, -1)}${fieldsText === '{}' ? '' : ','}"${FILE_FIELD}":"`;
	if ('base64' in file) {
		const base64 = canonicalBase64(file.base64);
		const { body, textStart } = framed(head, base64.length);
		body.write(base64, textStart, 'latin1');
		return body;
	}
	const { body, textStart } = framed(head, 4 * Math.ceil(file.size / 3));
	await writeBase64(body, textStart, await file.read(), file.size);
	return body;
}

/** The body's bytes with `head` and the closing `"}` written, room for the text between. */
function framed(head: string, textLength: number): { body: Buffer; textStart: number } {
	const textStart = Buffer.byteLength(head, 'utf8');
	const body = Buffer.allocUnsafe(textStart + textLength + 2);
	body.write(head, 0, 'utf8');
	body.write('"}', textStart + textLength, 'latin1');
	return { body, textStart };
}

/** Base64 as n8n and Autotask write it: one line, no whitespace, padded. */
function canonicalBase64(text: string): string {
	return text.length % 4 === 0 && CANONICAL_BASE64.test(text) ? text : Buffer.from(text, 'base64').toString('base64');
}

/** Encodes `size` bytes read in chunks into `target` at `offset`, three bytes at a time. */
async function writeBase64(target: Buffer, offset: number, bytes: AsyncIterable<Buffer>, size: number): Promise<void> {
	let carry = Buffer.alloc(0);
	let total = 0;
	let position = offset;
	for await (const chunk of bytes) {
		total += chunk.length;
		if (total > size) throw sizeMismatch(size, `more than ${size}`);
		const joined = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
		const whole = joined.length - (joined.length % 3);
		position += target.write(joined.subarray(0, whole).toString('base64'), position, 'latin1');
		carry = Buffer.from(joined.subarray(whole));
	}
	if (total !== size) throw sizeMismatch(size, String(total));
	target.write(carry.toString('base64'), position, 'latin1');
}

function sizeMismatch(size: number, found: string): UnexpectedError {
	return new UnexpectedError(`The stored file has ${found} bytes, not the ${size} its binary data records; nothing was sent`);
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const PLACEHOLDER = '\u0000autotask-file:';
const NOT_BASE64 = /[^A-Za-z0-9+/=_-]/g;
const JSON_SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * Reads a JSON answer whose `data` members (any case, at any depth) hold files as base64, decoding
 * each as it arrives: returns the parsed body with every such `data` a Buffer of the file's bytes,
 * so neither the answer's text nor the base64 text is ever held whole. An answer that is not JSON
 * comes back as its text, as the transport reads any answer.
 */
export async function readJsonWithFiles(body: AsyncIterable<Buffer | string>): Promise<unknown> {
	const scanner = new FileFieldScanner();
	for await (const chunk of body) scanner.write(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
	return scanner.result();
}

/** Base64 text in pieces of any length -> bytes, four characters at a time. */
class Base64Decoder {
	private readonly bytes: Buffer[] = [];

	private carry = '';

	add(text: string): void {
		NOT_BASE64.lastIndex = 0;
		const clean = this.carry + (NOT_BASE64.test(text) ? text.replace(NOT_BASE64, '') : text);
		const whole = clean.length - (clean.length % 4);
		if (whole > 0) this.bytes.push(Buffer.from(clean.slice(0, whole), 'base64'));
		this.carry = clean.slice(whole);
	}

	finish(): Buffer {
		if (this.carry) this.bytes.push(Buffer.from(this.carry, 'base64'));
		this.carry = '';
		const file = Buffer.concat(this.bytes);
		this.bytes.length = 0;
		return file;
	}
}

type ScanState = 'value' | 'string' | 'stringEscape' | 'file' | 'fileEscape';

/**
 * Copies a JSON text byte for byte except the string values of `data` members, which go to a
 * decoder each and are replaced by a placeholder in the copy (the "outline"). Only the outline is
 * parsed, and the placeholders are then swapped for the decoded files.
 */
class FileFieldScanner {
	private readonly outline: Buffer[] = [];

	private readonly files: Base64Decoder[] = [];

	private state: ScanState = 'value';

	/** The start of the string being read, up to one character longer than the field's name. */
	private text = '';

	/** The last string read, while only whitespace followed it. */
	private lastString: string | undefined;

	/** The name of the member whose value comes next (after its colon). */
	private member: string | undefined;

	/** The escape being read inside a file's text (after its backslash). */
	private escape = '';

	write(chunk: Buffer): void {
		let kept = 0;
		let index = 0;
		while (index < chunk.length) {
			if (this.state === 'file') {
				const quote = chunk.indexOf(QUOTE, index);
				const stop = quote === -1 ? chunk.length : quote;
				const backslash = chunk.indexOf(BACKSLASH, index);
				if (backslash !== -1 && backslash < stop) {
					this.currentFile().add(chunk.toString('latin1', index, backslash));
					this.state = 'fileEscape';
					this.escape = '';
					index = backslash + 1;
					continue;
				}
				this.currentFile().add(chunk.toString('latin1', index, stop));
				if (quote === -1) return;
				this.state = 'value';
				kept = quote + 1;
				index = quote + 1;
				continue;
			}
			const byte = chunk[index];
			if (this.state === 'fileEscape') {
				this.readFileEscape(byte);
			} else if (this.state === 'string') {
				if (byte === BACKSLASH) {
					// An escaped name is not the file field's.
					this.state = 'stringEscape';
					this.text = '\\';
				} else if (byte === QUOTE) {
					this.state = 'value';
					this.lastString = this.text;
				} else if (this.text.length <= FILE_FIELD.length) {
					this.text += String.fromCharCode(byte);
				}
			} else if (this.state === 'stringEscape') {
				this.state = 'string';
			} else if (byte === QUOTE && this.member?.toLowerCase() === FILE_FIELD) {
				this.outline.push(Buffer.from(chunk.subarray(kept, index)), Buffer.from(JSON.stringify(`${PLACEHOLDER}${this.files.length}`), 'utf8'));
				this.files.push(new Base64Decoder());
				this.state = 'file';
				this.member = undefined;
			} else if (byte === QUOTE) {
				this.state = 'string';
				this.text = '';
				this.member = undefined;
			} else if (byte === COLON) {
				this.member = this.lastString;
				this.lastString = undefined;
			} else if (!JSON_SPACE.has(byte)) {
				this.member = undefined;
				this.lastString = undefined;
			}
			index++;
		}
		if (this.state !== 'file' && this.state !== 'fileEscape') this.outline.push(Buffer.from(chunk.subarray(kept)));
	}

	result(): unknown {
		const text = Buffer.concat(this.outline).toString('utf8');
		const files = this.files.map((decoder) => decoder.finish());
		try {
			return JSON.parse(text, (_key, value: unknown) =>
				typeof value === 'string' && value.startsWith(PLACEHOLDER) ? (files[Number(value.slice(PLACEHOLDER.length))] ?? value) : value,
			) as unknown;
		} catch {
			return text;
		}
	}

	private currentFile(): Base64Decoder {
		return this.files[this.files.length - 1];
	}

	/**
	 * `\/`, `\u002B` and the like inside a file's text (some JSON writers escape them); of the
	 * one-letter escapes only `\/` is a base64 character, the others (line breaks...) are dropped.
	 */
	private readFileEscape(byte: number): void {
		this.escape += String.fromCharCode(byte);
		if (this.escape.startsWith('u') && this.escape.length < 5) return;
		if (this.escape.startsWith('u')) this.currentFile().add(String.fromCharCode(parseInt(this.escape.slice(1), 16)));
		else if (this.escape === '/') this.currentFile().add('/');
		this.state = 'file';
	}
}
