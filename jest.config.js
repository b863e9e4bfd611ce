/** Tests are plain JavaScript run against the built package in dist/, as n8n loads it. */
module.exports = {
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/**/*.test.js'],
	testTimeout: 60000,
	setupFiles: ['<rootDir>/test/setup-env.js'],
	// n8n's Send Email node (run by the example tests) loads sanitize-html, whose parser is ESM only.
	moduleNameMapper: { '^sanitize-html$': '<rootDir>/test/engine/sanitize-html.js' },
	modulePathIgnorePatterns: ['<rootDir>/dist/package.json', '<rootDir>/.runtime', '<rootDir>/.n8n-data', '<rootDir>/.n8n-queue'],
};
