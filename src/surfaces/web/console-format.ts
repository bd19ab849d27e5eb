import { html } from 'hono/html'

import type { Risk } from '../../model/risk.js'

/** Markup as `hono/html` builds it: interpolations are escaped unless already markup. */
export type Markup = ReturnType<typeof html>

const RISK_MARK: Record<Risk, string> = {
  safe: '○',
  mutating: '◐',
  destructive: '▲',
  catastrophic: '■',
}

/** A risk level as a badge whose text says the level, so colour is never the only signal. */
export function renderRisk(risk: Risk): Markup {
  return html`<span class="risk risk-${risk}"
    ><span aria-hidden="true">${RISK_MARK[risk]} </span>${risk}</span
  >`
}

/** A duration since `then`, short: `45 s`, `12 min`, `3 h 5 min`, `2 d`. */
export function formatAge(then: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - then) / 1000))
  if (seconds < 60) return `${String(seconds)} s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${String(minutes)} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return `${String(hours)} h ${String(minutes % 60)} min`
  return `${String(Math.floor(hours / 24))} d`
}

/** A time as UTC, to the second: `2026-11-21 09:00:05 UTC`. */
export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`
}

/** Minutes as `45 min` or `6 h 30 min`. */
export function formatMinutes(minutes: number): string {
  const rounded = Math.round(minutes)
  if (rounded < 60) return `${String(rounded)} min`
  const rest = rounded % 60
  return `${String(Math.floor(rounded / 60))} h${rest === 0 ? '' : ` ${String(rest)} min`}`
}
