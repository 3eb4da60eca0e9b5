// Replaced at build time would be nicer, but reading package.json at run time costs a file read
// on every start; the version lives here and a test keeps it equal to package.json's.
export const VERSION = '0.1.0';
