// npm run bench: the benches in sequence, then one short table. Figures only; nothing here asserts speed.
import { runDispatchBench } from "./dispatch.bench.ts"
import { printFigures } from "./stats.ts"
import { printStore, runStoreBench } from "./store.bench.ts"
import { runSubprocessBench } from "./subprocess.bench.ts"

console.log("running dispatch bench…")
const dispatch = await runDispatchBench()
console.log("running subprocess bench…")
const subprocess = await runSubprocessBench()
console.log("running store bench (generates 1M events; about a minute)…")
const store = await runStoreBench()

console.log("\nper dispatch of one hook to 10 no-op extensions:")
printFigures(dispatch.rows)
console.log("\nper message, same small work:")
printFigures([subprocess.inProcess, subprocess.subprocess])
console.log("\nstore: ingest, and the CLI's queries over 10k sessions and 1M events:")
printStore(store.ingest, store.reads)

const ratio = (a: number, b: number) => `×${(a / b).toFixed(1)}`
console.log("\nsummary")
const perDispatch = dispatch.runner.p50us - dispatch.direct.p50us
const perCall = (perDispatch / 10).toFixed(2)
console.log(`  runner overhead (p50): +${perDispatch.toFixed(2)} µs per dispatch, ~${perCall} µs per call`)
console.log(`  subprocess / in-process (p50): ${ratio(subprocess.subprocess.p50us, subprocess.inProcess.p50us)}`)
console.log(`  subprocess / in-process (p99): ${ratio(subprocess.subprocess.p99us, subprocess.inProcess.p99us)}`)
await import("./knowledge.bench.ts").then((knowledge) => knowledge.runAndPrintKnowledgeBench())
