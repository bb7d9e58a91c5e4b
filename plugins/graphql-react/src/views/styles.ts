/**
 * The critical pages' CSS, inlined by the server into the page and rendered by the views themselves in the
 * app, so the server's HTML and the browser's look the same before any stylesheet loads. Class names start
 * with `atr-`.
 */
export const VIEW_CSS = `
.atr-page{font-family:Roboto,Helvetica Neue,Arial,sans-serif;color:#1d2530;line-height:1.45}
.atr-head{background:linear-gradient(90deg,#14212b,#1f4e5f);color:#fff;padding:20px 24px;border-radius:6px 6px 0 0}
.atr-head h1{margin:4px 0 6px;font-size:26px;font-weight:600}
.atr-eyebrow{font-size:12px;letter-spacing:.06em;text-transform:uppercase;opacity:.8}
.atr-head p{margin:0;opacity:.9;max-width:70ch}
.atr-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:16px;padding:16px 0}
.atr-card{background:#fff;border:1px solid #dde3ea;border-radius:6px;padding:14px 16px}
.atr-card h2{font-size:15px;margin:0 0 10px;font-weight:600}
.atr-card-head{display:flex;align-items:center;justify-content:space-between;gap:8px;min-height:26px;margin:0 0 10px}
.atr-card-head h2{margin:0}
.atr-card-head button{font:inherit;font-size:13px;line-height:20px;color:#1f5fa8;background:none;border:1px solid #c9d3de;border-radius:4px;padding:1px 10px;cursor:pointer}
.atr-card-head button:hover,.atr-card-head button:focus-visible{background:#eef2f6}
.atr-dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px;margin:0}
.atr-dl dt{color:#5b6675;font-size:13px}.atr-dl dd{margin:0;font-size:14px}
.atr-chip{display:inline-block;background:#eef2f6;border-radius:12px;padding:1px 9px;margin:0 4px 4px 0;font-size:12px}
.atr-list{list-style:none;margin:0;padding:0}.atr-list li{padding:5px 0;border-bottom:1px solid #eef1f4;font-size:14px}
.atr-list li:last-child{border-bottom:0}
.atr-muted{color:#5b6675;font-size:13px}
.atr-actions{display:flex;flex-wrap:wrap;gap:4px 16px;margin-top:10px;padding-top:8px;border-top:1px solid #eef1f4;font-size:13px}
.atr-ok{color:#1b7f3b}.atr-bad{color:#b3261e}.atr-warn{color:#9a6700}
.atr-page a{color:#1f5fa8;text-decoration:none}.atr-page a:hover,.atr-page a:focus{text-decoration:underline}
`;

/** The page background under a layer that shows a view before the app's page (server-rendered, or in-app). */
export const LAYER_BACKGROUND = '#f4f6f8';
