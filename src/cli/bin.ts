#!/usr/bin/env bun
// switchboard: the store's data outside opencode.
import { main } from "./main.ts"

process.exitCode = await main(process.argv.slice(2))
