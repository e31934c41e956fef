// The package root: the API for extension authors.
export { defineExtension, defineTool } from "./host/define.ts"
export type * from "./host/types.ts"
export { DEFAULT_STABILITY } from "./host/types.ts"
export { VERSION } from "./version.ts"
