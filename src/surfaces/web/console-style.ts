/** The console's stylesheet, served as `/console.css` (the CSP allows no inline style). */
export const CONSOLE_CSS = `
:root {
  --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --page: #f3f4f6; --panel: #ffffff;
  --bar: #111827; --bar-ink: #e5e7eb; --accent: #1f5fbf; --ok: #1a7f37; --bad: #b42318;
  --warn: #9a6700; --focus: #2f81f7;
  color-scheme: light;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--page); color: var(--ink);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  overflow-wrap: break-word;
}
a { color: var(--accent); }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 13px; }
pre { white-space: pre-wrap; word-break: break-word; background: #0d1117; color: #e6edf3; padding: 12px 14px; border-radius: 6px; margin: 0; overflow-x: auto; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: 8px; z-index: 10; }
.skip:focus { left: 8px; }

.topbar { background: var(--bar); color: var(--bar-ink); }
.topbar-inner { max-width: 1240px; margin: 0 auto; padding: 10px 20px; display: flex; flex-wrap: wrap; align-items: center; gap: 8px 24px; }
.brand { font-weight: 700; letter-spacing: .02em; font-size: 17px; color: #fff; text-decoration: none; display: flex; align-items: center; gap: 8px; }
.brand-mark { display: inline-block; width: 14px; height: 14px; border: 3px solid #f59e0b; border-radius: 3px; }
.topbar nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 4px; margin: 0; padding: 0; }
.topbar nav a { color: var(--bar-ink); text-decoration: none; padding: 6px 10px; border-radius: 6px; display: inline-block; }
.topbar nav a[aria-current="page"] { background: #1f2937; color: #fff; box-shadow: inset 0 -2px 0 #f59e0b; }
.topbar nav a:hover { background: #1f2937; }
.who { margin-left: auto; display: flex; align-items: center; gap: 10px; font-size: 14px; }
.who form { margin: 0; }
.linklike { background: none; border: 1px solid #374151; color: var(--bar-ink); border-radius: 6px; padding: 4px 10px; cursor: pointer; font: inherit; }

.killswitch { border-bottom: 1px solid var(--line); background: #fff; }
.killswitch.frozen { background: #fef3f2; border-bottom-color: #fda29b; }
.killswitch-inner { max-width: 1240px; margin: 0 auto; padding: 10px 20px; display: flex; flex-wrap: wrap; gap: 8px 20px; align-items: flex-start; }
.ks-state { display: flex; align-items: center; gap: 10px; font-weight: 600; min-width: 0; flex: 1 1 420px; }
.ks-state ul { margin: 4px 0 0; padding-left: 18px; font-weight: 400; }
.ks-dot { width: 10px; height: 10px; border-radius: 50%; background: var(--ok); flex: none; }
.frozen .ks-dot { background: var(--bad); }
.killswitch details { flex: 0 1 auto; }
.killswitch summary { cursor: pointer; font-weight: 600; color: var(--bad); padding: 4px 0; }
.freeze-form { display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-end; margin-top: 8px; }
.freeze-form label, .stack label { display: flex; flex-direction: column; font-size: 13px; color: var(--muted); gap: 2px; }
.lift-form { display: inline-flex; gap: 6px; align-items: center; margin-left: 8px; }

main { max-width: 1240px; margin: 0 auto; padding: 20px; }
h1 { font-size: 22px; margin: 4px 0 4px; }
h2 { font-size: 16px; margin: 0 0 10px; }
.lede { color: var(--muted); margin: 0 0 16px; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 16px; margin-bottom: 16px; }
.grid { display: grid; grid-template-columns: minmax(0, 5fr) minmax(300px, 2fr); gap: 16px; align-items: start; }
.grid > div > .panel:last-child { margin-bottom: 0; }
.kv { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 6px 16px; margin: 0; }
.kv dt { color: var(--muted); }
.kv dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; margin-bottom: 12px; }
.stat { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
.stat b { display: block; font-size: 20px; }
.stat span { color: var(--muted); font-size: 13px; }
.stat.bad { border-color: #fda29b; background: #fffbfa; }
.stat.bad b { color: var(--bad); }

table { width: 100%; border-collapse: collapse; background: var(--panel); }
th, td { text-align: left; padding: 8px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); background: #f6f8fa; }
tbody tr:hover { background: #f6f8fa; }
.table-wrap { border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
td.summary { max-width: 420px; overflow-wrap: anywhere; }

.risk { display: inline-block; font-weight: 700; font-size: 12px; letter-spacing: .03em; text-transform: uppercase; padding: 2px 8px; border-radius: 999px; border: 1px solid; white-space: nowrap; }
.risk-safe { color: #116329; border-color: #4ac26b; background: #dafbe1; }
.risk-mutating { color: #0a3069; border-color: #54aeff; background: #ddf4ff; }
.risk-destructive { color: #7d4e00; border-color: #d4a72c; background: #fff8c5; }
.risk-catastrophic { color: #fff; border-color: #8e1519; background: #b42318; }
.tag { display: inline-block; font-size: 12px; padding: 1px 7px; border-radius: 4px; background: #eef1f4; border: 1px solid var(--line); }
.tag.bad { background: #fef3f2; border-color: #fda29b; color: var(--bad); }
.tag.ok { background: #dafbe1; border-color: #4ac26b; color: #116329; }
.progress { font-weight: 700; }

.btn { font: inherit; font-weight: 600; border-radius: 6px; border: 1px solid transparent; padding: 8px 16px; cursor: pointer; min-height: 40px; }
.btn-approve { background: var(--ok); color: #fff; }
.btn-deny, .btn-danger { background: var(--bad); color: #fff; }
.btn-plain { background: #fff; border-color: var(--line); color: var(--ink); }
.btn:hover { filter: brightness(1.08); }
input, select, textarea { font: inherit; padding: 7px 9px; border: 1px solid #8c959f; border-radius: 6px; background: #fff; color: var(--ink); max-width: 100%; }
textarea { width: 100%; min-height: 70px; }
.vote-form .actions { display: flex; gap: 10px; margin-top: 10px; flex-wrap: wrap; }
.notice { border-radius: 6px; padding: 10px 12px; margin-bottom: 16px; border: 1px solid; }
.notice.error { background: #fef3f2; border-color: #fda29b; color: #7a271a; }
.notice.info { background: #ddf4ff; border-color: #54aeff; color: #0a3069; }
.notice.warn { background: #fff8c5; border-color: #d4a72c; color: #4d2d00; }
ul.plain { list-style: none; padding: 0; margin: 0; }
ul.plain li { padding: 4px 0; border-bottom: 1px dashed #e5e7eb; }
ul.plain li:last-child { border-bottom: 0; }
.muted { color: var(--muted); }
.filters { display: flex; flex-wrap: wrap; gap: 10px; align-items: flex-end; }
.filters label { display: flex; flex-direction: column; font-size: 13px; color: var(--muted); gap: 2px; }
.login { max-width: 420px; margin: 60px auto; }
.login input { width: 100%; }
.live { position: absolute; left: -9999px; }
.resource-list li { display: flex; gap: 8px; flex-wrap: wrap; }

@media (max-width: 760px) {
  td, th { overflow-wrap: anywhere; }
  .grid { grid-template-columns: minmax(0, 1fr); }
  main { padding: 12px; }
  .topbar-inner, .killswitch-inner { padding: 8px 12px; }
  .who { margin-left: 0; }
  table.cards thead { position: absolute; left: -9999px; }
  table.cards, table.cards tbody, table.cards tr, table.cards td, table.cards th { display: block; width: 100%; }
  table.cards tr { border-bottom: 2px solid var(--line); padding: 6px 0; }
  table.cards td, table.cards th[scope="row"] { border: 0; padding: 3px 10px; }
  table.cards td::before { content: attr(data-label) ": "; color: var(--muted); font-size: 13px; }
  .kv { grid-template-columns: minmax(0, 1fr); }
  .kv dt { margin-top: 6px; }
  .btn { width: 100%; }
  .freeze-form > * { flex: 1 1 100%; }
}
`
