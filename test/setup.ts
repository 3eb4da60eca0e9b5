// ink-testing-library renders differently when CI is set (no incremental frames), and colours
// depend on the terminal: pin both so tests behave the same on a laptop and in CI.
delete process.env.CI;
process.env.FORCE_COLOR = '0';
