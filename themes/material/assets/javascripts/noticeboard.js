/* Large type (大字): one tap on the header button makes all text larger on every page,
   and this phone remembers it (localStorage). Loaded in <head>, so a remembered
   choice applies before the page is drawn. The only script every page loads.
   Read aloud (朗读), on case and community pages: the browser's own speech synthesis
   in Mandarin; the button shows only where a Chinese voice on this phone exists, and
   nothing is requested before it is pressed. */
(function () {
  "use strict";
  var KEY = "noticeboard.large-type";
  var root = document.documentElement;

  function remembered() {
    try { return localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }

  root.classList.toggle("nb-large", remembered());

  function largeType() {
    var button = document.querySelector("[data-nb-large-type]");
    if (!button) return;
    button.setAttribute("aria-pressed", String(root.classList.contains("nb-large")));
    button.hidden = false;
    button.addEventListener("click", function () {
      var on = !root.classList.contains("nb-large");
      root.classList.toggle("nb-large", on);
      button.setAttribute("aria-pressed", String(on));
      try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* private mode: this page only */ }
    });
  }

  /* A Mandarin voice of this phone (a local one: no speech service is asked). */
  function chineseVoice(synth) {
    var voices = synth.getVoices() || [];
    for (var i = 0; i < voices.length; i++) {
      var v = voices[i];
      if (/^(zh|cmn)([-_](CN|Hans|SG))?$/i.test(v.lang || "") && v.localService !== false) return v;
    }
    for (var j = 0; j < voices.length; j++) {
      if (/^(zh|cmn)\b/i.test(voices[j].lang || "") && voices[j].localService !== false) return voices[j];
    }
    return null;
  }

  /* The page's main text in pieces of whole sentences (long utterances stop midway on
     some Android browsers). */
  function sentences(text) {
    var parts = text.replace(/\s+/g, " ").match(/[^。！？!?；;]+[。！？!?；;]?/g) || [];
    var out = [], piece = "";
    for (var i = 0; i < parts.length; i++) {
      if (piece && (piece + parts[i]).length > 160) { out.push(piece); piece = ""; }
      piece += parts[i];
    }
    if (piece.trim()) out.push(piece);
    return out;
  }

  function readAloud() {
    var button = document.querySelector("[data-nb-read]");
    var synth = window.speechSynthesis;
    var main = document.querySelector(".nb-page");
    if (!button || !main || !synth || typeof window.SpeechSynthesisUtterance !== "function") return;
    var speaking = false;

    function show(on) {
      speaking = on;
      button.textContent = on ? "停止朗读" : "朗读";
      button.setAttribute("aria-pressed", String(on));
    }

    function offer() {
      if (chineseVoice(synth)) button.hidden = false;
    }

    button.addEventListener("click", function () {
      if (speaking) { synth.cancel(); show(false); return; }
      var voice = chineseVoice(synth);
      if (!voice) return;
      synth.cancel();
      var pieces = sentences(main.innerText);
      show(true);
      pieces.forEach(function (text, i) {
        var u = new SpeechSynthesisUtterance(text);
        u.lang = voice.lang || "zh-CN";
        try { u.voice = voice; } catch (e) { /* the lang alone chooses it */ }
        u.rate = 0.9;
        if (i === pieces.length - 1) u.onend = function () { show(false); };
        synth.speak(u);
      });
    });
    window.addEventListener("pagehide", function () { if (speaking) synth.cancel(); });
    offer();
    if (synth.addEventListener) synth.addEventListener("voiceschanged", offer);
  }

  document.addEventListener("DOMContentLoaded", function () {
    largeType();
    readAloud();
  });
})();
