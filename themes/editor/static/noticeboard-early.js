/* noticeboard edit: runs before Decap CMS.
 * - Local mode signs the clerk in to the local server (the proxy backend has no
 *   accounts: the server's token cookie is the key), so Decap opens on the cases.
 * - Reads the server's answers to Decap's saves (persistEntry, persistMedia): the
 *   findings of a refused save and the ledger number a new case was given. Decap
 *   itself only shows a refusal's one-line summary. */
(function () {
  'use strict';
  // Decap names things with crypto.randomUUID, which a browser offers only on https or
  // on this computer (127.0.0.1): a phone opening `noticeboard edit --lan` over the
  // office Wi-Fi (http://192.168.…) lacks it and Decap would stop at its config. The same
  // random version-4 UUID, from crypto.getRandomValues (offered everywhere).
  if (window.crypto && !window.crypto.randomUUID && window.crypto.getRandomValues) {
    window.crypto.randomUUID = function () {
      var b = window.crypto.getRandomValues(new Uint8Array(16));
      b[6] = (b[6] & 0x0f) | 0x40;
      b[8] = (b[8] & 0x3f) | 0x80;
      var hex = Array.prototype.map.call(b, function (x) {
        return (x + 0x100).toString(16).slice(1);
      });
      return [hex.slice(0, 4), hex.slice(4, 6), hex.slice(6, 8), hex.slice(8, 10), hex.slice(10)]
        .map(function (part) {
          return part.join('');
        })
        .join('-');
    };
  }
  var local = document.documentElement.getAttribute('data-nb-local') === '1';
  var nb = (window.noticeboard = { local: local, listeners: [], timings: [] });
  if (!local) return;
  try {
    window.localStorage.setItem('decap-cms-user', JSON.stringify({ backendName: 'proxy' }));
  } catch (e) {
    /* private mode: Decap shows its login button instead */
  }
  var realFetch = window.fetch.bind(window);
  window.fetch = function (input, init) {
    var url = typeof input === 'string' ? input : (input && input.url) || '';
    var request = null;
    if (init && init.method === 'POST' && /\/api\/v1\/?$/.test(url.split('?')[0])) {
      try {
        request = JSON.parse(init.body);
      } catch (e) {
        request = null;
      }
    }
    var started = window.performance.now();
    var answer = realFetch(input, init);
    if (request && (request.action === 'persistEntry' || request.action === 'persistMedia')) {
      answer.then(function (response) {
        response
          .clone()
          .json()
          .then(function (json) {
            nb.listeners.forEach(function (listen) {
              listen(request, response.status, json, started);
            });
          })
          .catch(function () {});
      });
    }
    return answer;
  };
})();
