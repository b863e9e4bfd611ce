/**
 * nodes/shared/ is written once for every vendor and names none of them: what it needs of a
 * vendor (secrets, operation kinds, labels) the vendor declares. Words are split at case changes
 * and punctuation, so "RemovalTarget" is not read as "valt".
 */
const fs = require('node:fs');
const path = require('node:path');

const SHARED = path.resolve(__dirname, '../../../nodes/shared');
const VENDOR_WORDS = ['opscom', 'operationscommander', 'ivs', 'valt', 'rcams', 'raptor'];

const words = (text) =>
	text
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.toLowerCase()
		.split(/[^a-z0-9]+/);

test.each(fs.readdirSync(SHARED).filter((file) => file.endsWith('.ts')))('%s names no vendor', (file) => {
	const named = fs
		.readFileSync(path.join(SHARED, file), 'utf8')
		.split('\n')
		.flatMap((line, index) =>
			words(line).some((word) => VENDOR_WORDS.includes(word)) ? [`${index + 1}: ${line.trim()}`] : [],
		);
	expect(named).toEqual([]);
});

test('the check finds a vendor name where there is one', () => {
	expect(words('const x = opscomApi; // VALT logs in').filter((w) => VENDOR_WORDS.includes(w))).toEqual(['opscom', 'valt']);
	expect(words('RemovalTarget').filter((w) => VENDOR_WORDS.includes(w))).toEqual([]);
});
