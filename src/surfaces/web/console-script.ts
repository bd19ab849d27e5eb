/**
 * The console's only script, served as `/console.js` (the CSP allows no inline script). It
 * listens to `/events` and, on a change, fetches the current page again and swaps its `<main>`
 * and kill switch in place, keeping what the user typed and where the focus was. Without it
 * every page still works: forms post and the server redirects.
 */
export const CONSOLE_JS = `(() => {
  'use strict'
  const REGIONS = ['#kill-switch', 'main']
  const live = document.getElementById('live')
  let timer
  let busy = false
  let again = false

  function typedState(root) {
    const state = new Map()
    for (const el of root.querySelectorAll('input, textarea, select')) {
      if (!el.id || el.type === 'hidden') continue
      if (el.tagName === 'SELECT') {
        const chosen = [...el.options].some((o) => o.selected !== o.defaultSelected)
        if (chosen) state.set(el.id, el.value)
      } else if (el.value !== el.defaultValue) state.set(el.id, el.value)
    }
    for (const el of root.querySelectorAll('details[id]')) state.set('open:' + el.id, el.open)
    return state
  }

  function restore(root, state) {
    for (const [key, value] of state) {
      if (key.startsWith('open:')) {
        const details = document.getElementById(key.slice(5))
        if (details) details.open = value
        continue
      }
      const el = document.getElementById(key)
      if (el && root.contains(el)) el.value = value
    }
  }

  async function refresh() {
    if (busy) { again = true; return }
    busy = true
    try {
      const response = await fetch(location.href, { credentials: 'same-origin', headers: { 'x-airlock-refresh': '1' } })
      if (new URL(response.url).pathname === '/login') { location.assign('/login'); return }
      if (!response.ok) return
      const next = new DOMParser().parseFromString(await response.text(), 'text/html')
      const focused = document.activeElement && document.activeElement.id
      for (const selector of REGIONS) {
        const current = document.querySelector(selector)
        const fresh = next.querySelector(selector)
        if (!current || !fresh) continue
        const state = typedState(current)
        current.replaceChildren(...fresh.childNodes)
        current.className = fresh.className
        restore(current, state)
      }
      document.title = next.title
      if (focused) {
        const el = document.getElementById(focused)
        if (el && el !== document.activeElement) el.focus({ preventScroll: true })
      }
      document.body.dataset.updated = String(Date.now())
      if (live) live.textContent = 'Page updated'
    } catch {
      // The next event tries again.
    } finally {
      busy = false
      if (again) { again = false; schedule() }
    }
  }

  function schedule() {
    clearTimeout(timer)
    timer = setTimeout(refresh, 120)
  }

  // The sign-in page has nothing to update and no session to listen with.
  if (!('EventSource' in window) || document.body.dataset.live === 'none') return
  const source = new EventSource('/events')
  source.addEventListener('open', () => { document.body.dataset.live = 'open' })
  source.addEventListener('error', () => { document.body.dataset.live = 'reconnecting' })
  source.addEventListener('change', schedule)
  window.addEventListener('pagehide', () => source.close())
})()
`
