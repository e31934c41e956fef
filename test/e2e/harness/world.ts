// The setup every TUI test shares: a mock model, a throwaway environment with the packed plugin installed the way
// users install it, and the real opencode TUI in tmux, ready for keys.
import type { E2EEnv } from "./env.ts"
import { createEnv, removeEnv } from "./env.ts"
import { MockLLM } from "./mock-llm.ts"
import { packTarball, pluginSpec, runOpencode } from "./opencode.ts"
import { Tui } from "./tmux.ts"

export interface TuiWorld {
  mock: MockLLM
  e: E2EEnv
  tui: Tui
  /** The first screen that showed the prompt. */
  home: string
}

/** `prepare` runs after the install and before opencode starts (fixture extensions, config). */
export async function startTuiWorld(name: string, prepare?: (e: E2EEnv) => void): Promise<TuiWorld> {
  const mock = new MockLLM().start()
  const e = createEnv(mock.url, name)
  const install = runOpencode(e, ["plugin", pluginSpec(packTarball())])
  if (install.exitCode !== 0) throw new Error(`opencode plugin failed: ${install.stderr}`)
  prepare?.(e)
  const tui = new Tui(e, name)
  tui.start()
  const home = await tui.waitFor("Ask anything", 60_000)
  // The prompt takes keys a moment after it is drawn.
  await Bun.sleep(1500)
  return { mock, e, tui, home }
}

export async function stopTuiWorld(world: Partial<TuiWorld>) {
  await world.tui?.stop()
  world.mock?.stop()
  if (world.e) removeEnv(world.e)
}
