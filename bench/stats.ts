// Shared figures for the benches: nearest-rank percentiles over samples in nanoseconds, printed in microseconds.
import { percentile } from "../src/host/metrics.ts"

export interface Figures {
  label: string
  n: number
  p50us: number
  p99us: number
}

export function figures(label: string, samplesNs: number[]): Figures {
  const sorted = Float64Array.from(samplesNs).sort()
  return {
    label,
    n: sorted.length,
    p50us: (percentile(sorted, 50) ?? 0) / 1000,
    p99us: (percentile(sorted, 99) ?? 0) / 1000,
  }
}

const us = (value: number) =>
  Math.abs(value) >= 1000 ? `${(value / 1000).toFixed(2)} ms` : `${value.toFixed(Math.abs(value) < 10 ? 2 : 1)} µs`

export function printFigures(rows: Figures[]): void {
  const width = Math.max(...rows.map((r) => r.label.length))
  for (const row of rows) {
    const p50 = us(row.p50us).padStart(10)
    const p99 = us(row.p99us).padStart(10)
    console.log(`  ${row.label.padEnd(width)}  n=${String(row.n).padStart(5)}  p50 ${p50}  p99 ${p99}`)
  }
}

export function printOverhead(what: string, base: Figures, measured: Figures): void {
  const diff = (a: number, b: number) => `${us(a - b)} (×${(a / b).toFixed(1)})`
  console.log(`  ${what}: p50 +${diff(measured.p50us, base.p50us)}, p99 +${diff(measured.p99us, base.p99us)}`)
}
