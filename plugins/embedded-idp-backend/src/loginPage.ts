const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, c => ESCAPES[c]);
}

/** The embedded IdP's sign-in form. Every dynamic value is escaped. */
export function loginPage(options: {
  action: string;
  clientName: string;
  login?: string;
  error?: string;
  hint?: string;
}): string {
  const { action, clientName, login = '', error, hint } = options;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · Larkspur SSO (embedded demo)</title>
<style>
  body { font-family: system-ui, sans-serif; background: #f3f5f8; margin: 0; display: grid; place-items: center; min-height: 100vh; color: #1c2430; }
  main { background: #fff; border-radius: 12px; box-shadow: 0 4px 24px rgba(0,0,0,.08); padding: 32px; width: 340px; }
  h1 { font-size: 20px; margin: 0 0 4px; }
  p { margin: 0 0 16px; color: #546072; font-size: 14px; }
  label { display: block; font-size: 13px; font-weight: 600; margin: 12px 0 4px; }
  input { width: 100%; box-sizing: border-box; padding: 10px; border: 1px solid #c4ccd8; border-radius: 6px; font-size: 15px; }
  button { margin-top: 20px; width: 100%; padding: 11px; border: 0; border-radius: 6px; background: #2d5bd7; color: #fff; font-size: 15px; font-weight: 600; cursor: pointer; }
  .error { background: #fdecec; color: #a1211b; padding: 10px; border-radius: 6px; font-size: 14px; margin-bottom: 8px; }
  .hint { margin-top: 18px; font-size: 12px; color: #6b7686; }
</style>
</head>
<body>
<main>
  <h1>Larkspur SSO</h1>
  <p>Sign in to continue to ${escapeHtml(clientName)}.</p>
  ${error ? `<div class="error" role="alert">${escapeHtml(error)}</div>` : ''}
  <form method="post" action="${escapeHtml(action)}" autocomplete="off">
    <label for="login">Username or e-mail</label>
    <input id="login" name="login" value="${escapeHtml(
      login,
    )}" required autofocus>
    <label for="password">Password</label>
    <input id="password" name="password" type="password" required>
    <button type="submit">Sign in</button>
  </form>
  ${hint ? `<div class="hint">${escapeHtml(hint)}</div>` : ''}
</main>
</body>
</html>`;
}
