import escapeHtml from 'escape-html';

export { escapeHtml };

/**
 * A plain Dutch page without script (the sign-in's refusals, the development identity
 * provider): `body` is HTML the caller built with `escapeHtml` around every value.
 */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html><html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · Jeugdhulp-uitwisseling</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}a{color:#154273}
button{font:inherit;padding:.5rem 1rem;margin:.25rem 0;cursor:pointer;border:2px solid #154273;background:#fff;color:#154273;border-radius:4px;text-align:left;width:100%}
button:focus,a:focus{outline:3px solid #ffb612;outline-offset:2px}.warn{background:#fff4ce;border-left:4px solid #b25e00;padding:.5rem 1rem}
label{display:block;margin-top:1rem}input{font:inherit;padding:.4rem;width:100%;box-sizing:border-box}</style></head>
<body><main>${body}</main></body></html>`;
}
