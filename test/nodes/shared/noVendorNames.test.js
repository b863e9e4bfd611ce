/**
 * nodes/shared/ is written once for every vendor and names none of them: what it needs of a
 * vendor (secrets, operation kinds, labels) the vendor declares. Words are split at case changes
 * and punctuation, so "RemovalTarget" is not read as "valt". (JavaScript: it reads files, which
 * the lint rules for TypeScript in this package forbid.)
 */
const fs = require('node:fs');
const path = require('node:path');

const SHARED = path.resolve(__dirname, '../../../nodes/shared');
const VENDOR_WORDS = ['opscom', 'operationscommander', 'ivs', 'valt', 'rcams', 'raptor'];

const vendorWords = (text) =>
	text
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.toLowerCase()
		.split(/[^a-z0-9]+/)
		.filter((word) => VENDOR_WORDS.includes(word));

test.each(fs.readdirSync(SHARED).filter((file) => file.endsWith('.ts')))('%s names no vendor', (file) => {
	const named = fs
		.readFileSync(path.join(SHARED, file), 'utf8')
		.split('\n')
		.flatMap((line, index) => (vendorWords(line).length > 0 ? [`${index + 1}: ${line.trim()}`] : []));
	expect(named).toEqual([]);
});

test('the check finds a vendor name where there is one, and not inside other words', () => {
	expect(vendorWords('const x = opscomApi; // VALT logs in')).toEqual(['opscom', 'valt']);
	expect(vendorWords('RemovalTarget')).toEqual([]);
});
