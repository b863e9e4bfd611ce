/** Tests are plain JavaScript run against the built package in dist/, as n8n loads it. */
module.exports = {
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/**/*.test.js'],
	testTimeout: 60000,
	setupFiles: ['<rootDir>/test/setup-env.js'],
	modulePathIgnorePatterns: ['<rootDir>/dist/package.json', '<rootDir>/.runtime', '<rootDir>/.n8n-data', '<rootDir>/.n8n-queue'],
};
