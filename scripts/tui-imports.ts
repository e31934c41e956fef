// The two rules that make a TUI plugin work from opencode's npm cache (see the README, "How the TUI half loads"):
// host modules are imported through OpenTUI's runtime-module ids, and relative imports point at the built .js files.
// Kept in one place so they can be dropped once opencode transforms TSX inside node_modules.

/** Modules the opencode TUI already has loaded; importing our own copy would start a second Solid runtime. */
export const HOST_MODULES = [
  "solid-js",
  "solid-js/store",
  "solid-js/web",
  "@opentui/solid",
  "@opentui/solid/components",
  "@opentui/solid/jsx-runtime",
  "@opentui/solid/jsx-dev-runtime",
  "@opentui/core",
  "@opentui/keymap",
]

const RUNTIME_PREFIX = "opentui:runtime-module:"
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])([^"']+)\2/g

export function rewriteHostImports(code: string): string {
  return code.replace(SPECIFIER, (whole, lead: string, quote: string, spec: string) => {
    if (HOST_MODULES.includes(spec) || spec.startsWith("@opentui/keymap/"))
      return `${lead}${quote}${RUNTIME_PREFIX}${encodeURIComponent(spec)}${quote}`
    if (spec.startsWith(".") && /\.tsx?$/.test(spec)) return `${lead}${quote}${spec.replace(/\.tsx?$/, ".js")}${quote}`
    return whole
  })
}

/** Imports by name of solid-js or @opentui/*, or signs of a bundled copy: each one is a broken TUI at run time. */
export function findForbiddenImports(code: string): string[] {
  const problems: string[] = []
  for (const m of code.matchAll(SPECIFIER)) {
    const spec = m[3] ?? ""
    if (spec === "solid-js" || spec.startsWith("solid-js/") || spec.startsWith("@opentui/"))
      problems.push(`imports "${spec}" by name`)
  }
  if (/\bfunction createRenderEffect\b|\bconst \$PROXY\b|\bsharedConfig\s*=/.test(code)) problems.push("contains a bundled copy of solid-js")
  return problems
}
