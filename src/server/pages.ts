/**
 * The server's own pages: join, sign in, "my cohort" and the instructor
 * dashboard. Each is a small HTML shell; its behaviour is a module from
 * src/server/client/ (served by modules.ts), which talks to the JSON API
 * with the device's bearer token. No secret is ever put in the HTML.
 */
export type PageName = 'join' | 'signin' | 'me' | 'dashboard';

const TITLES: Record<PageName, string> = {
  join: 'Join the cohort',
  signin: 'Sign in',
  me: 'My cohort',
  dashboard: 'Instructor dashboard',
};

const STYLE = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.45; }
body { margin: 0; background: Canvas; color: CanvasText; }
header { padding: .75rem 1.25rem; border-bottom: 1px solid #8884; display: flex; gap: 1rem; align-items: baseline; }
header a { color: inherit; }
main { padding: 1rem 1.25rem 3rem; max-width: 80rem; }
form { display: grid; gap: .6rem; max-width: 26rem; }
label { display: grid; gap: .2rem; font-weight: 600; }
input { font: inherit; padding: .4rem .5rem; }
button { font: inherit; padding: .35rem .8rem; cursor: pointer; }
table { border-collapse: collapse; margin: .5rem 0 1.5rem; font-size: .92rem; }
th, td { border: 1px solid #8886; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #8882; }
td.row-actions { white-space: nowrap; }
td.row-actions button { font-size: .8rem; padding: .15rem .45rem; }
.table-wrap { overflow-x: auto; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.ok { color: #17803d; } .warn { color: #a15c00; } .muted { opacity: .7; }
.actions { display: flex; gap: .5rem; flex-wrap: wrap; margin: .5rem 0 1rem; }
.bar { display: inline-block; height: .7rem; background: #2f6fde; vertical-align: middle; }
code.link:empty { display: none; }
code.link { word-break: break-all; background: #8882; padding: .2rem .35rem; display: inline-block; }
[role=alert] { color: #b3261e; font-weight: 600; }
`;

export function page(name: PageName, base: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="${base}favicon.svg" type="image/svg+xml">
<title>${TITLES[name]} · Replication Workbook</title>
<style>${STYLE}</style>
<script type="module" src="${base}cohort/_src/server/client/${name === 'dashboard' ? 'dashboard' : 'account'}.ts"></script>
</head>
<body>
<header><strong>Replication Workbook</strong> <a href="${base}">Workbook</a> <a href="${base}cohort/">My cohort</a></header>
<main id="app" data-page="${name}" data-base="${base}">
<h1>${TITLES[name]}</h1>
<noscript>This page needs JavaScript.</noscript>
</main>
</body>
</html>
`;
}
