// Kept in step with package.json by a unit test; a constant avoids reading files at load time.
export const VERSION = "0.1.0"
export const PACKAGE_NAME = "opencode-switchboard"
