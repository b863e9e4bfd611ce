/**
 * Remove Leavers' Email Pattern on its own (nodes/shared/removal.ts): `*` stands for any
 * characters, case is ignored, and matching takes linear time whatever the pattern: the
 * backtracking regular expression it replaced took seconds for a handful of `*`.
 */
const path = require('node:path');
const { wildcard, matchesWildcard, namesDomain, MAX_EMAIL_PATTERN_LENGTH } = require(
	path.resolve(__dirname, '../../../dist/nodes/shared/removal.js'),
);

const elapsedMs = (run) => {
	const start = process.hrtime.bigint();
	const result = run();
	return { result, ms: Number(process.hrtime.bigint() - start) / 1e6 };
};

describe('Email Pattern matching', () => {
	test.each([
		['*@students.school.edu', 'ann@students.school.edu', true],
		['*@students.school.edu', 'Ann@Students.School.EDU', true],
		['*@STUDENTS.school.edu', 'ann@students.school.edu', true],
		['*@students.school.edu', 'ann@students.school.edu.evil.com', false],
		['*@students.school.edu', 'ann@staff.school.edu', false],
		['*@students.school.edu', '@students.school.edu', true],
		['a*@school.edu', 'ann@school.edu', true],
		['a*@school.edu', 'bob@school.edu', false],
		['*a*@school.edu', 'bob@school.edu', false],
		['*o*@school.edu', 'bob@school.edu', true],
		['j*n.*@*.edu', 'john.doe@mail.edu', true],
		['j*n.*@*.edu', 'jane.doe@mail.edu', false],
		['**@school.edu', 'x@school.edu', true],
		['*', 'anything at all', true],
		['*', '', true],
		['', '', true],
		['', 'x', false],
		// Everything but `*` is literal: regex characters included.
		['a.b@school.edu', 'axb@school.edu', false],
		['a.b@school.edu', 'a.b@school.edu', true],
		['a+b?@(x).edu', 'a+b?@(x).edu', true],
		['a+b?@(x).edu', 'aab@x.edu', false],
		['[ab]@x.edu', 'a@x.edu', false],
		// The pattern's surrounding spaces are not part of it, as before.
		['  *@school.edu ', 'x@school.edu', true],
		// A backtrack to the last star is needed: the first "ab" is not the one that ends the text.
		['*ab', 'xabyab', true],
		['*ab*cd', 'abxabcdcd', true],
		['*ab*cd', 'abxabcdce', false],
	])('%j against %j: %s', (pattern, text, expected) => {
		expect(matchesWildcard(pattern, text)).toBe(expected);
		expect(wildcard(pattern).test(text)).toBe(expected);
	});

	test('50 `*` against a 254-character address: under 10 ms, one call', () => {
		const pattern = `${'*a'.repeat(50)}*@b.school.edu`;
		const address = `${'a'.repeat(241)}@school.edu!!`;
		expect(address).toHaveLength(254);
		// Warm up the code path once with another input, then time a single call.
		matchesWildcard('*@x', 'y@x');
		const { result, ms } = elapsedMs(() => matchesWildcard(pattern, address));
		expect(result).toBe(false);
		expect(ms).toBeLessThan(10);
	});

	test('the longest pattern the node accepts, all stars and letters, against the longest address', () => {
		const pattern = '*a'.repeat(127);
		expect(pattern).toHaveLength(MAX_EMAIL_PATTERN_LENGTH);
		const address = 'a'.repeat(253) + 'b';
		const { result, ms } = elapsedMs(() => wildcard(pattern).test(address));
		expect(result).toBe(false);
		expect(ms).toBeLessThan(10);
	});

	test('the limit is an email address: 254 characters', () => {
		expect(MAX_EMAIL_PATTERN_LENGTH).toBe(254);
	});
});

describe('whether an Email Pattern names a domain', () => {
	test.each([
		['*@students.school.edu', true],
		['ann@school.edu', true],
		['*@x', true],
		['*@*', false],
		['*@', false],
		['*@-.', false],
		['*@school.*', false],
		['*@*.school.edu', false],
		['*', false],
		['school.edu', false],
		['a@b@*', false],
		['*@b@c.edu', true],
		['x@*@school.edu', true],
	])('%j: %s', (pattern, expected) => {
		expect(namesDomain(pattern)).toBe(expected);
	});

	test('is linear too: a 254-character pattern built to make a regex backtrack', () => {
		const pattern = `${'@a'.repeat(126)}**`;
		const { result, ms } = elapsedMs(() => namesDomain(pattern));
		expect(result).toBe(false);
		expect(ms).toBeLessThan(10);
	});
});
