// Page layout of the docs site (eleventy.config.mjs): a sidebar and the rendered Markdown.
// Rules and codemods are listed from the pages that exist, so a new page shows up by itself.

const escape = (text) =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** Pages of the site under `prefix` (`/rules/`), except the folder's own index, by URL. */
function pagesUnder(collection, prefix) {
  return collection
    .filter((item) => item.url.startsWith(prefix) && item.url !== prefix)
    .sort((a, b) => a.url.localeCompare(b.url));
}

const nameOf = (item) => item.url.split('/').filter(Boolean).pop();

function link(url, label, current, { code = false } = {}) {
  const text = code ? `<code>${escape(label)}</code>` : escape(label);
  const aria = url === current ? ' aria-current="page"' : '';
  return `<li><a href="${escape(url)}"${aria}>${text}</a></li>`;
}

function nav(data) {
  const all = data.collections?.all ?? [];
  const current = data.page.url;
  const rules = pagesUnder(all, '/rules/');
  const codemods = pagesUnder(all, '/codemods/');
  return `<nav class="sidebar" aria-label="Documentation">
<p class="brand"><a href="/">exclusive-bind</a></p>
<ul>
${link('/getting-started/', 'Getting started (ESLint)', current)}
${link('/oxlint/', 'Getting started (Oxlint)', current)}
<li><span class="section">Rules</span>
<ul class="rules">
${rules.map((item) => link(item.url, nameOf(item), current, { code: true })).join('\n')}
</ul></li>
<li><a href="/codemods/"${current === '/codemods/' ? ' aria-current="page"' : ''}>Codemods</a>
<ul class="codemods">
${codemods.map((item) => link(item.url, nameOf(item), current, { code: true })).join('\n')}
</ul></li>
${link('/helper/', 'Runtime helper API', current)}
${link('/platform-matrix/', 'Platform matrix', current)}
${link('/what-the-rules-follow/', 'What the rules follow', current)}
${link('/troubleshooting/', 'Troubleshooting', current)}
</ul>
<p class="repo"><a href="https://github.com/exclusive-bind/exclusive-bind">GitHub repository</a></p>
</nav>`;
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;display:flex;min-height:100vh}
.sidebar{flex:0 0 16rem;padding:1rem 1.25rem;background:#f6f8fa;border-right:1px solid #d1d9e0;font-size:.92rem}
.sidebar ul{list-style:none;margin:0;padding:0}
.sidebar ul ul{padding-left:.9rem;margin:.2rem 0 .4rem}
.sidebar li{margin:.2rem 0}
.sidebar a{color:#0969da;text-decoration:none}
.sidebar a[aria-current="page"]{font-weight:600;color:#1f2328}
.sidebar .section{font-weight:600}
.brand{font-weight:700;font-size:1.1rem;margin-top:0}
main{flex:1;min-width:0;max-width:60rem;padding:1rem 2rem 3rem}
pre{background:#f6f8fa;padding:.8rem 1rem;overflow:auto;border-radius:6px}
code{font:.88em ui-monospace,SFMono-Regular,Menlo,monospace}
table{border-collapse:collapse;display:block;overflow:auto;margin:1rem 0}
th,td{border:1px solid #d1d9e0;padding:.3rem .6rem;vertical-align:top}
@media (max-width:50rem){body{display:block}.sidebar{border-right:0;border-bottom:1px solid #d1d9e0}main{padding:1rem}}
`;

export function render(data) {
  const heading = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(data.content)?.[1]?.replace(/<[^>]+>/g, '') ?? 'exclusive-bind';
  const title = data.page.url === '/' ? 'exclusive-bind' : `${heading} · exclusive-bind`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
${nav(data)}
<main>
${data.content}
</main>
</body>
</html>
`;
}
