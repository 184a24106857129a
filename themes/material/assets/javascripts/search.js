/* The search page (search/): reads ?q=…&community=…&stage=…&year=…&category=…, fills
   the form and lists the results, so a link shows the same results to everyone.
   Pagefind (pagefind/pagefind.js, its WebAssembly and the index chunks a query needs)
   is loaded here only, at the first search; no other page loads any of it.
   No inline script and no eval: CSP "script-src 'self' 'wasm-unsafe-eval'" suffices. */
(function () {
  "use strict";
  var PAGE = 8; // places per "显示更多结果"; a result's fragment is fetched when in view
  var FILTERS = ["community", "stage", "year", "category"];
  var form = document.querySelector("[data-nb-search]");
  if (!form) return;
  var input = form.elements.q;
  var status = document.querySelector("[data-nb-status]");
  var list = document.querySelector("[data-nb-results]");
  var more = document.querySelector("[data-nb-more]");
  var places = document.querySelector("[data-nb-places]");
  var root = new URL(form.getAttribute("data-root"), location.href);
  // The characters the index leaves out (generator/search_index.py, STOP_CHARACTERS):
  // in the indexed text each is the private-use character U+E000 + its place here.
  var STOP = form.getAttribute("data-stop") || "";
  // No case published yet: no index exists; the page's own status says so and stays.
  var EMPTY = form.hasAttribute("data-empty");
  var PLACEHOLDER = 0xe000;
  var tones = {};
  Array.prototype.forEach.call(form.elements.stage.options, function (o) {
    if (o.value) tones[o.value] = o.getAttribute("data-tone");
  });
  // A large county (generator/search_shards.py): the town select chooses the index,
  // pagefind/town/<shard>/ for a town, pagefind/ for the whole county (town=全县).
  var town = form.elements.town || null;
  var wide = document.querySelector("[data-nb-wide]");
  var COUNTY = town ? town.getAttribute("data-county") : "";
  var engines = {}; // bundle path -> a promise of its Pagefind module, made at its first search
  var latest = 0; // number of the latest search: answers to older ones are dropped
  var found = [];
  var shown = 0;

  function pagefind(bundle) {
    bundle = bundle || "pagefind/";
    var engine = engines[bundle];
    if (!engine) {
      engine = engines[bundle] = import(new URL(bundle + "pagefind.js", root).href).then(function (pf) {
        // No web worker: its script would add 12 KB to every search; one query's
        // work is small enough for the page's own thread.
        return pf.options({ baseUrl: root.pathname, excerptLength: 36, noWorker: true }).then(function () {
          return pf;
        });
      });
      engine.catch(function () { delete engines[bundle]; });
    }
    return engine;
  }

  // The index a search asks: its town's (the town chosen, else the chosen village's),
  // the whole county's (town=全县, or a county without town indexes), or none yet ("").
  function bundleOf(choice) {
    if (!town) return "pagefind/";
    if (choice.town === COUNTY) return "pagefind/";
    var option = Array.prototype.filter.call(town.options, function (o) {
      return o.value && o.value === choice.town;
    })[0];
    return option && option.getAttribute("data-shard")
      ? "pagefind/town/" + option.getAttribute("data-shard") + "/"
      : "";
  }

  // A village chosen names its town.
  function townOfCommunity() {
    var option = form.elements.community.selectedOptions[0];
    var group = option && option.value ? option.parentNode : null;
    return group && group.label ? group.label : "";
  }

  function chosen() {
    var filters = {};
    FILTERS.forEach(function (name) {
      var value = form.elements[name].value;
      if (value) filters[name] = value;
    });
    var implied = town ? townOfCommunity() : "";
    if (implied && town.value !== COUNTY) town.value = implied;
    return { q: input.value.trim(), filters: filters, town: town ? town.value : "" };
  }

  function fromAddress() {
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    FILTERS.forEach(function (name) {
      var select = form.elements[name];
      var value = params.get(name) || "";
      var known = Array.prototype.some.call(select.options, function (o) { return o.value === value; });
      select.value = known ? value : "";
    });
    if (town) {
      var wanted = params.get("town") || "";
      town.value = Array.prototype.some.call(town.options, function (o) { return o.value === wanted; }) ? wanted : "";
    }
  }

  function toAddress(choice) {
    var params = new URLSearchParams();
    if (choice.q) params.set("q", choice.q);
    if (choice.town) params.set("town", choice.town);
    FILTERS.forEach(function (name) {
      if (choice.filters[name]) params.set(name, choice.filters[name]);
    });
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
  }

  // The query as the index knows it: stop characters are not in the index, so a word
  // holding one (的, 了解) is looked for by its other characters.
  function indexable(q) {
    var out = "";
    for (var i = 0; i < q.length; i++) out += STOP.indexOf(q.charAt(i)) >= 0 ? " " : q.charAt(i);
    return out.replace(/\s+/g, " ").trim();
  }

  // Indexed text back as written: each placeholder becomes its stop character.
  function written(text) {
    return text.replace(/[\ue000-\ue0ff]/g, function (c) {
      return STOP.charAt(c.charCodeAt(0) - PLACEHOLDER) || "";
    });
  }

  function span(className, text) {
    var el = document.createElement("span");
    el.className = className;
    el.textContent = text;
    return el;
  }

  // Pagefind joins a page's blocks with ". ": Chinese text gets "。" there (none after
  // its own end punctuation); the community's name that opens a page's text is left
  // out (the result shows it); a number cut at the excerpt's end is dropped ("4." of 4.5).
  function tidy(html, community) {
    var text = html.replace(/^[.\s]+/, "");
    if (community && text.indexOf(community + ". ") === 0) text = text.slice(community.length + 2);
    text = text.replace(/([。！？；：）](?:<\/mark>)?)\.\s*/g, "$1")
      .replace(/([\u3400-\u9fff\uff01-\uff5e\u3001-\u3011](?:<\/mark>)?)\.\s*/g, "$1。");
    return text.replace(/\s*\d+[.,．]\s*$/, "…");
  }

  // Pagefind's excerpt is escaped text with <mark> around the words found. It is
  // rebuilt from text nodes here, so nothing else from it can reach the page.
  function excerpt(html, community) {
    var out = span("nb-search__excerpt", "");
    var doc = new DOMParser().parseFromString(tidy(html, community), "text/html");
    doc.body.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = written(node.textContent);
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(written(node.textContent)));
      }
    });
    return out;
  }

  function item(data) {
    var meta = data.meta || {};
    var li = document.createElement("li");
    li.className = "nb-item";
    var link = document.createElement("a");
    link.className = "nb-item__link";
    link.href = data.url;
    link.appendChild(span("nb-item__title", meta.title || data.url));
    var facts = span("nb-item__meta", "");
    if (meta.stage) facts.appendChild(span("nb-stage nb-tone-" + (tones[meta.stage] || "ended"), meta.stage));
    if (meta.community) facts.appendChild(span("", meta.community));
    if (meta.date) facts.appendChild(span("", meta.date));
    link.appendChild(facts);
    if (data.excerpt) link.appendChild(excerpt(data.excerpt, meta.community));
    li.appendChild(link);
    return li;
  }

  // A result's title and excerpt are its Pagefind fragment (~1.5 KB): fetched when its
  // place in the list comes on screen, where a phone shows two or three.
  var near = "IntersectionObserver" in window
    ? new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) { if (entry.isIntersecting) fill(entry.target); });
      })
    : null;

  function fill(place) {
    var result = place.nbResult;
    if (!result) return;
    place.nbResult = null;
    if (near) near.unobserve(place);
    result.data().then(function (data) {
      if (place.parentNode === list) list.replaceChild(item(data), place);
    }, function () {
      place.textContent = "这个结果暂时载入不了，请稍后刷新本页。";
    });
  }

  // Communities are not in the index: a query that names one (or part of a name, two
  // characters or more) links to its page, from the form's own list of communities.
  function showPlaces(q) {
    places.textContent = "";
    var named = q.length < 2 ? [] : Array.prototype.filter.call(
      form.elements.community.options,
      function (o) { return o.value && (o.text.indexOf(q) >= 0 || q.indexOf(o.text) >= 0); }
    ).slice(0, 5);
    named.forEach(function (o) {
      var link = document.createElement("a");
      link.href = root.pathname + encodeURIComponent(o.value) + "/";
      link.textContent = o.text;
      places.appendChild(link);
    });
    if (named.length) places.insertBefore(document.createTextNode("社区（村）："), places.firstChild);
    places.hidden = !named.length;
  }

  function clear() {
    if (near) near.disconnect();
    list.textContent = "";
  }

  function showMore() {
    found.slice(shown, shown + PAGE).forEach(function (result) {
      var place = document.createElement("li");
      place.className = "nb-item nb-item--waiting";
      place.textContent = "正在载入……";
      place.nbResult = result;
      list.appendChild(place);
      if (near) near.observe(place);
      else fill(place);
    });
    shown = Math.min(found.length, shown + PAGE);
    more.hidden = shown >= found.length;
  }

  function search() {
    var choice = chosen();
    var run = ++latest;
    toAddress(choice);
    if (EMPTY) {
      showPlaces(choice.q);
      return Promise.resolve();
    }
    if (!choice.q && !Object.keys(choice.filters).length) {
      found = [];
      clear();
      more.hidden = true;
      status.textContent = "输入字词后点“搜索”，或选择社区（村）、阶段、年份、类别。";
      return Promise.resolve();
    }
    var terms = indexable(choice.q);
    showPlaces(choice.q);
    if (choice.q && !terms && !Object.keys(choice.filters).length) {
      found = [];
      clear();
      more.hidden = true;
      status.textContent = "“" + choice.q + "”太常见，几乎每个议题都有。请输入更具体的字词，如“电梯”“停车”。";
      return Promise.resolve();
    }
    var bundle = bundleOf(choice);
    if (wide) wide.hidden = bundle === "pagefind/";
    if (!bundle) {
      found = [];
      clear();
      more.hidden = true;
      status.textContent = "全县议题很多：请先在“在哪里搜”选择街道/乡镇，或点“搜索" + COUNTY + "”（要下载的内容较多）。";
      return Promise.resolve();
    }
    status.textContent = "正在搜索……";
    var loose = false;
    return pagefind(bundle)
      .then(function (pf) {
        var options = { filters: choice.filters };
        return pf.search(terms || null, options).then(function (answer) {
          // The index keeps words as its segmenter cut them: 路灯 inside 村道路灯 was
          // cut 村道/路/灯. With no exact word, look for the characters one by one.
          var spread = terms.replace(/([\u3400-\u9fff])(?=[\u3400-\u9fff])/g, "$1 ");
          if (answer.results.length || spread === terms) return answer;
          loose = true;
          return pf.search(spread, options);
        });
      })
      .then(function (answer) {
        if (run !== latest) return;
        found = answer.results;
        shown = 0;
        clear();
        var where = choice.town ? "在" + choice.town : "";
        status.textContent = found.length
          ? where + "找到 " + found.length + " 个结果" +
            (loose ? "（没有完全一样的词，这些含有“" + choice.q + "”中的字）" : "") + "。"
          : where + "没有找到" + (choice.q ? "含“" + choice.q + "”的" : "") +
            "结果。试试换个字词、用更短的字词，或把筛选改回“全部”。";
        showMore();
      })
      .catch(function () {
        if (run !== latest) return;
        status.textContent = "搜索暂时用不了，请稍后刷新本页再试。";
      });
  }

  var timer = 0;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    input.blur(); // closes the phone's keyboard so the results show
    search();
  });
  input.addEventListener("input", function (event) {
    if (event.isComposing) return; // a Chinese input method is still composing
    clearTimeout(timer);
    timer = setTimeout(search, 400);
  });
  if (!EMPTY) input.addEventListener("focus", function () {
    var bundle = bundleOf(chosen());
    if (bundle) pagefind(bundle).catch(function () {});
  }, { once: true });
  FILTERS.forEach(function (name) { form.elements[name].addEventListener("change", search); });
  if (town) {
    town.addEventListener("change", function () {
      // A village of another town no longer applies.
      var own = townOfCommunity();
      if (own && own !== town.value && town.value !== COUNTY) form.elements.community.value = "";
      search();
    });
  }
  if (wide) {
    wide.addEventListener("click", function () {
      town.value = COUNTY;
      search();
    });
  }
  more.addEventListener("click", showMore);

  fromAddress();
  var start = chosen();
  if (start.q || Object.keys(start.filters).length) search();
  else input.focus();
})();
