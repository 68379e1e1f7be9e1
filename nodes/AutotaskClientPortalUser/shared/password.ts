import { randomInt } from 'node:crypto';

import { UserError } from 'n8n-workflow';

/**
 * Autotask's rules for client portal passwords: "1) allows printable characters except single
 * quotes, 2) must be between 5-50 characters, 3) cannot contain spaces". Checked here so a bad
 * password never reaches Autotask, and no message ever repeats the password itself.
 */
export const PASSWORD_MIN_LENGTH = 5;
export const PASSWORD_MAX_LENGTH = 50;

export const PASSWORD_RULES = `${PASSWORD_MIN_LENGTH}-${PASSWORD_MAX_LENGTH} printable characters, no spaces, no single quotes (')`;

// Control and invisible formatting characters cannot be typed at a login prompt.
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}]/u;
const WHITESPACE = /[\s\p{Z}]/u;

/** The rule a password breaks, or undefined when it is acceptable. Never contains the password. */
export function passwordProblem(password: string): string | undefined {
	if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
		return `Password must be ${PASSWORD_MIN_LENGTH}-${PASSWORD_MAX_LENGTH} characters long (it has ${password.length})`;
	}
	if (WHITESPACE.test(password)) return 'Password must not contain spaces';
	if (password.includes("'")) return "Password must not contain single quotes (')";
	if (NOT_PRINTABLE.test(password)) return 'Password must contain only printable characters';
	return undefined;
}

/** The password as it will be sent, or a UserError naming the rule it breaks. */
export function readPassword(value: unknown): string {
	const password = String(value ?? '');
	const problem = passwordProblem(password);
	if (problem) throw new UserError(problem, { description: `Portal passwords need ${PASSWORD_RULES}.` });
	return password;
}

const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
// Printable ASCII punctuation without the single quote, and without characters that are easy to
// mistype or that break naive CSV/HTML handling downstream.
const SYMBOLS = '!#$%*+-=?@^_~';
const ALL = LOWER + UPPER + DIGITS + SYMBOLS;
const GENERATED_LENGTH = 20;

function pick(alphabet: string): string {
	return alphabet[randomInt(alphabet.length)];
}

/**
 * A random password that follows Autotask's rules and, with every character class present, the
 * stricter policies a tenant may add. Nobody is shown it: the contact sets their own password from
 * Autotask's welcome e-mail or the portal's reset link.
 */
export function generatePassword(): string {
	const characters = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SYMBOLS)];
	while (characters.length < GENERATED_LENGTH) characters.push(pick(ALL));
	for (let index = characters.length - 1; index > 0; index--) {
		const swap = randomInt(index + 1);
		[characters[index], characters[swap]] = [characters[swap], characters[index]];
	}
	return characters.join('');
}
