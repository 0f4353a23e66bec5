/**
 * The HTML report's style sheet, inlined into the page (it works offline). Lifelines are each
 * lane's centre line; a context switch draws a dashed line across the lanes it passes.
 */
export const BUG_CSS = `
:root { color-scheme: light dark; --fg: #1d1d1f; --bg: #fff; --muted: #666; --line: #bbb;
  --box: #eef3fb; --box-line: #5b7fb5; --bad: #c62828; --bad-bg: #fdecea; --ok: #2e7d32; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e6e6; --bg: #16181c; --muted: #9a9a9a;
  --line: #555; --box: #1f2a3a; --box-line: #7ea2d8; --bad: #ff6b6b; --bad-bg: #3a1f1f; --ok: #81c784; } }
body { font: 14px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 1.5em; }
h1 { font-size: 1.3em; } h2 { font-size: 1.1em; margin-top: 1.5em; } h3 { font-size: 1em; }
code, pre, .box, .changes, .ops { font-family: ui-monospace, monospace; font-size: 12.5px; }
.source, small, .n, footer { color: var(--muted); }
#violation { border-left: 5px solid var(--bad); background: var(--bad-bg); padding: .4em 1em; }
#violation.clean { border-color: var(--ok); background: none; }
#violation h2 { margin-top: .3em; } .code { color: var(--bad); font-weight: bold; }
#violation.clean .code { color: var(--ok); }
pre.message { white-space: pre-wrap; margin: .4em 0; }
.ops { padding-left: 0; list-style: none; } .ops li { padding: 1px 4px; }
.ops .n { display: inline-block; width: 3em; text-align: right; }
.ops .failing { background: var(--bad-bg); outline: 1px solid var(--bad); font-weight: bold; }
.ops .skipped, tr.op.skipped td { text-decoration: line-through; color: var(--muted); }
table.seq { border-collapse: collapse; margin-top: .5em; }
.seq th { position: sticky; top: 0; background: var(--bg); padding: 4px 8px; border-bottom: 2px solid var(--line); }
.seq th small { display: block; font-weight: normal; }
.seq td { padding: 2px 6px; vertical-align: top; }
.seq tr.op td { padding-top: .7em; font-weight: bold; border-bottom: 1px solid var(--line); }
.lane { min-width: 11em; text-align: center;
  background: linear-gradient(var(--line), var(--line)) no-repeat center / 1px 100%; }
.lane.pass, .lane.pass-lo, .lane.pass-hi { background: linear-gradient(var(--line), var(--line)) no-repeat center / 1px 100%,
  repeating-linear-gradient(90deg, var(--box-line) 0 6px, transparent 6px 10px) no-repeat var(--x) 10px / var(--w) 1px; }
.lane.pass { --x: center; --w: 100%; } .lane.pass-lo { --x: right; --w: 50%; } .lane.pass-hi { --x: left; --w: 50%; }
.lane.from-left .box::before { content: "\\25B6"; color: var(--box-line); position: absolute; left: -1.1em; top: 1px; }
.lane.from-right .box::before { content: "\\25C0"; color: var(--box-line); position: absolute; right: -1.1em; top: 1px; }
.box { position: relative; display: inline-block; text-align: left; background: var(--box);
  border: 1px solid var(--box-line); border-radius: 4px; padding: 1px 6px; }
.events { margin: 0; padding-left: 1.2em; color: var(--muted); white-space: nowrap; }
.failing .box { background: var(--bad-bg); border: 2px solid var(--bad); }
tr.failing td.n, tr.failing td.diff { color: var(--bad); font-weight: bold; }
tr.failing { outline: 2px solid var(--bad); }
.diff { min-width: 20em; } .changes { margin: 0; padding-left: 0; list-style: none; }
.entity { font-weight: bold; }
footer { margin-top: 2em; }
`;
