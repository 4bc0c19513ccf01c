import 'server-only';

// The three pages of the device flow that oidc-provider renders itself (the code entry, the
// confirmation, the success). Sign-in and consent are Berth's own pages (/sign-on/[uid]).
// Plain HTML in Berth's colours; every value shown is escaped. The style element carries the
// response's CSP nonce (serve-issuer.ts sets the policy before oidc-provider runs).

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(nonce: string | undefined, title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)} · Berth</title>
<style${nonce ? ` nonce="${escape(nonce)}"` : ''}>body{font-family:system-ui,sans-serif;background:#f8fafc;color:#0f172a;margin:0}main{max-width:28rem;margin:4rem auto;background:#fff;border:1px solid #e2e8f0;border-radius:.75rem;padding:2rem}h1{font-size:1.25rem;margin:0 0 1rem}p{line-height:1.5}input[type=text]{font-size:1.25rem;letter-spacing:.1em;text-transform:uppercase;width:100%;box-sizing:border-box;padding:.5rem;border:1px solid #cbd5e1;border-radius:.375rem;margin:.5rem 0 1rem}button{font:inherit;padding:.5rem 1rem;border-radius:.375rem;border:0;background:#1e40af;color:#fff;cursor:pointer}button.secondary{background:none;color:#475569;text-decoration:underline}.error{color:#b91c1c}code{font-size:1.5rem;letter-spacing:.1em}</style>
</head><body><main>${body}</main></body></html>`;
}

export function userCodeInputPage(nonce: string | undefined, form: string, error?: { name?: string; userCode?: string }): string {
  const message = error
    ? `<p class="error" role="alert">${error.userCode || error.name === 'NoCodeError' ? 'That code is not valid or has expired. Check it and try again.' : 'Berth could not continue this sign-in. Start again from your terminal.'}</p>`
    : '<p>Enter the code your terminal shows (for example after <code>berth login</code>).</p>';
  // oidc-provider's field selects itself through an inline onfocus handler, which the policy
  // refuses (and reports); the field works the same without it.
  const field = form.replace(/\son[a-z]+="[^"]*"/g, '');
  return page(nonce, 'Sign in a device', `<h1>Sign in a device</h1>${message}${field}<button type="submit" form="op.deviceInputForm">Continue</button>`);
}

export function userCodeConfirmPage(nonce: string | undefined, form: string, clientName: string, userCode: string): string {
  return page(
    nonce,
    'Confirm the device',
    `<h1>Confirm the device</h1><p><strong>${escape(clientName)}</strong> asks to sign in as you.</p><p>Your terminal must show this code:</p><p><code>${escape(userCode)}</code></p><p>If you did not start this, or the code differs, choose Cancel.</p>${form}<button type="submit" form="op.deviceConfirmForm">Continue</button> <button class="secondary" type="submit" form="op.deviceConfirmForm" name="abort" value="yes">Cancel</button>`,
  );
}

export function deviceSuccessPage(nonce: string | undefined, clientName: string): string {
  return page(nonce, 'Signed in', `<h1>Signed in</h1><p>${escape(clientName)} is signed in. You can close this window and return to your terminal.</p>`);
}

export function issuerErrorPage(nonce: string | undefined, error: string, description?: string): string {
  return page(nonce, 'Sign-in failed', `<h1>Sign-in failed</h1><p class="error">${escape(description ?? error)}</p><p>Start again from the application that sent you here.</p>`);
}
