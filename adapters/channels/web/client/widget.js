// Sportello's chat as a widget on an intranet page:
//   <script src="https://helpdesk.example.com/widget.js" data-token="<identity token>" async></script>
// or data-token-function="nameOfAGlobalFunction" (returning a token, or a promise
// of one, called each time the chat needs one). Adds a launcher button and a
// panel holding the chat page (embed mode) in a frame; the token goes to the
// frame by postMessage, to the chat's origin only, never in a URL.
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || window.__sportelloWidget) return;
  window.__sportelloWidget = true;
  var origin = new URL(script.src, location.href).origin;
  var data = script.dataset;
  var lang = (data.lang || document.documentElement.lang || navigator.language || 'en').slice(0, 2).toLowerCase() === 'it' ? 'it' : 'en';
  var words = {
    it: { open: 'Assistenza', close: 'Chiudi la chat', frame: 'Chat con l\u2019assistenza' },
    en: { open: 'Help desk', close: 'Close the chat', frame: 'Help desk chat' },
  }[lang];

  function token() {
    var fn = data.tokenFunction && window[data.tokenFunction];
    return Promise.resolve(typeof fn === 'function' ? fn() : data.token || '');
  }

  var host = document.createElement('div');
  host.setAttribute('data-sportello-widget', '');
  var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
  var style = document.createElement('style');
  style.textContent =
    ':host{all:initial}' +
    '.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;border:0;border-radius:999px;padding:12px 18px;font:600 16px/1.2 system-ui,sans-serif;background:var(--brand,#1f6feb);color:var(--on-brand,#fff);box-shadow:0 4px 14px rgba(0,0,0,.25);cursor:pointer}' +
    '.launcher:focus-visible{outline:3px solid #b35c00;outline-offset:3px}' +
    '.panel{position:fixed;right:20px;bottom:80px;z-index:2147483000;width:min(400px,calc(100vw - 24px));height:min(620px,calc(100vh - 110px));border-radius:12px;overflow:hidden;box-shadow:0 8px 28px rgba(0,0,0,.3);background:#fff}' +
    '.panel[hidden]{display:none}' +
    '.panel iframe{border:0;width:100%;height:100%}' +
    '@media (max-width:480px){.panel{right:12px;left:12px;width:auto;bottom:76px;height:calc(100vh - 96px)}}';
  root.appendChild(style);

  var launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.className = 'launcher';
  launcher.textContent = words.open;
  launcher.setAttribute('aria-expanded', 'false');
  launcher.setAttribute('aria-controls', 'sportello-panel');

  var panel = document.createElement('div');
  panel.className = 'panel';
  panel.id = 'sportello-panel';
  panel.hidden = true;
  var frame = document.createElement('iframe');
  frame.title = words.frame;
  frame.src = origin + '/?embed=1';
  frame.setAttribute('allow', 'clipboard-write');
  panel.appendChild(frame);
  root.appendChild(panel);
  root.appendChild(launcher);

  function toggle(open) {
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', open ? 'true' : 'false');
    launcher.textContent = open ? words.close : words.open;
    if (open) frame.focus();
    else launcher.focus();
  }
  launcher.addEventListener('click', function () {
    toggle(panel.hidden);
  });
  panel.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') toggle(false);
  });

  // Only the chat's own frame is listened to; the token goes to the chat's origin only.
  window.addEventListener('message', function (e) {
    if (e.origin !== origin || e.source !== frame.contentWindow || !e.data) return;
    if (e.data.sportello === 'ready') {
      token().then(function (t) {
        if (t) frame.contentWindow.postMessage({ sportelloToken: String(t) }, origin);
      });
    } else if (e.data.sportello === 'close') {
      if (!panel.hidden) toggle(false);
    } else if (e.data.sportello === 'brand' && e.data.brand) {
      var b = e.data.brand;
      if (/^#[0-9a-f]{6}$/i.test(b.colour)) host.style.setProperty('--brand', b.colour);
      if (/^#[0-9a-f]{6}$/i.test(b.textColour)) host.style.setProperty('--on-brand', b.textColour);
    }
  });

  (document.body || document.documentElement).appendChild(host);
})();
