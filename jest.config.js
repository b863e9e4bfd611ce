/**
 * Workflow, sandbox and e2e tests are plain JavaScript run against the built package in dist/,
 * as n8n loads it. Unit tests of the sources (`*.test.ts`, beside them in the mirrored tree) run
 * through ts-jest, which also type-checks them: a `@ts-expect-error` there proves a mistake does
 * not compile.
 */
module.exports = {
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/**/*.test.js', '<rootDir>/test/**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }] },
	testTimeout: 60000,
	setupFiles: ['<rootDir>/test/setup-env.js'],
	// n8n's Send Email node (run by the example tests) loads sanitize-html, whose parser is ESM only.
	moduleNameMapper: { '^sanitize-html$': '<rootDir>/test/engine/sanitize-html.js' },
	modulePathIgnorePatterns: [
		'<rootDir>/dist/package.json',
		'<rootDir>/.runtime',
		'<rootDir>/.n8n-data',
		'<rootDir>/.n8n-queue',
	],
};
