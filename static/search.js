// Search over the locale's code data files (`codes.json`, the same files
// offered to other tools). Plain script, no request beyond the site's own
// data files, which are fetched on first use. The stylesheet hides the box
// without JavaScript; every page is complete without it.
(function () {
  "use strict";
  var box = document.querySelector(".search[data-sources]");
  if (!box || !window.fetch) return;
  var input = box.querySelector("input");
  var list = box.querySelector("[role=listbox]");
  var status = box.querySelector("[aria-live]");
  var sources = box.getAttribute("data-sources").split(" ").filter(Boolean);
  var countPattern = box.getAttribute("data-count");
  var noneText = box.getAttribute("data-none");
  var MAX = 10;
  var entries = null;
  var loading = null;
  var results = [];
  var active = -1;

  function normalize(text) {
    return String(text).toLowerCase().replace(/ё/g, "е").normalize("NFKC");
  }

  function hasHan(text) {
    return /[\u3400-\u9fff\uf900-\ufaff]/.test(text);
  }

  function load() {
    if (loading) return loading;
    loading = Promise.all(
      sources.map(function (src) {
        var base = new URL(src, document.baseURI);
        return fetch(base).then(function (r) {
          if (!r.ok) throw new Error(src + ": " + r.status);
          return r.json();
        }).then(function (data) {
          return data.codes.map(function (c) {
            return {
              code: String(c.code),
              reason: c.reason,
              name: c.name,
              summary: c.summary,
              href: new URL(c.path, base).href,
              reasonText: normalize(c.reason),
              nameText: normalize(c.name),
              wildText: normalize(c.wild_reasons.join(" ")),
              summaryText: normalize(c.summary + " " + c.class_name)
            };
          });
        });
      })
    ).then(function (lists) {
      entries = [].concat.apply([], lists);
      return entries;
    });
    return loading;
  }

  // Does `token` occur in `text`? A Han token also matches when all of its
  // two-character pieces occur, since Chinese writes words without spaces
  // and a query rarely repeats the text's exact wording.
  function contains(text, token) {
    if (text.indexOf(token) >= 0) return true;
    if (token.length > 2 && hasHan(token)) {
      for (var i = 0; i + 2 <= token.length; i++) {
        if (text.indexOf(token.slice(i, i + 2)) < 0) return false;
      }
      return true;
    }
    return false;
  }

  function wordStart(text, token) {
    var i = text.indexOf(token);
    return i === 0 || (i > 0 && /[\s\-\/(]/.test(text.charAt(i - 1)));
  }

  function score(e, code, words) {
    var s = 0;
    if (code) {
      if (e.code === code) s += 100;
      else if (e.code.indexOf(code) === 0) s += 50;
      else return 0;
    }
    for (var i = 0; i < words.length; i++) {
      var w = words[i];
      var best = 0;
      if (contains(e.reasonText, w)) best = wordStart(e.reasonText, w) ? 30 : 20;
      if (contains(e.nameText, w)) best = Math.max(best, wordStart(e.nameText, w) ? 25 : 18);
      if (contains(e.wildText, w)) best = Math.max(best, 15);
      if (contains(e.summaryText, w)) best = Math.max(best, 5);
      // With a code given, words are the reason phrase of a pasted status
      // line and may differ from the registered one.
      if (!best && !code) return 0;
      s += best;
    }
    return s;
  }

  // "SIP/2.0 486 Busy Here" and "486 busy" both mean code 486; "48" lists
  // 480-489; anything else is words.
  function parse(query) {
    var q = normalize(query).trim();
    var line = q.match(/^sip\/2\.0\s+(\d{3})\b\s*(.*)$/);
    if (line) return { code: line[1], words: split(line[2]) };
    var lead = q.match(/^(\d{1,3})(?:\s+(.*))?$/);
    if (lead) return { code: lead[1], words: split(lead[2] || "") };
    return { code: "", words: split(q) };
  }

  function split(text) {
    return text.split(/[\s,.;:!?"'«»“”()]+/).filter(Boolean);
  }

  function search(query) {
    var p = parse(query);
    if (!p.code && !p.words.length) return [];
    return entries
      .map(function (e) { return { e: e, s: score(e, p.code, p.words) }; })
      .filter(function (r) { return r.s > 0; })
      .sort(function (a, b) { return b.s - a.s || a.e.code.localeCompare(b.e.code); })
      .slice(0, MAX)
      .map(function (r) { return r.e; });
  }

  function render() {
    list.textContent = "";
    results.forEach(function (e, i) {
      var li = document.createElement("li");
      li.id = "search-result-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", i === active ? "true" : "false");
      var title = document.createElement("span");
      var code = document.createElement("strong");
      code.textContent = e.code;
      title.appendChild(code);
      title.appendChild(document.createTextNode(" " + e.reason));
      if (normalize(e.name) !== normalize(e.reason)) {
        title.appendChild(document.createTextNode(" · " + e.name));
      }
      var summary = document.createElement("span");
      summary.className = "summary";
      summary.textContent = e.summary;
      li.appendChild(title);
      li.appendChild(summary);
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
      li.addEventListener("click", function () { go(i); });
      list.appendChild(li);
    });
    var open = results.length > 0;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    if (active >= 0) input.setAttribute("aria-activedescendant", "search-result-" + active);
    else input.removeAttribute("aria-activedescendant");
  }

  function announce() {
    if (!input.value.trim()) { status.textContent = ""; return; }
    status.textContent = results.length
      ? countPattern.replace("{count}", String(results.length))
      : noneText;
  }

  function go(i) {
    var e = results[i];
    if (e) window.location.href = e.href;
  }

  function update() {
    var query = input.value;
    load().then(function () {
      if (input.value !== query) return;
      results = search(query);
      active = results.length ? 0 : -1;
      render();
      announce();
    }, function () {
      status.textContent = noneText;
    });
  }

  function close() {
    results = [];
    active = -1;
    render();
  }

  input.addEventListener("focus", function () { load(); });
  input.addEventListener("input", update);
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!results.length) return;
      ev.preventDefault();
      var step = ev.key === "ArrowDown" ? 1 : -1;
      active = (active + step + results.length) % results.length;
      render();
    } else if (ev.key === "Enter") {
      if (active >= 0) { ev.preventDefault(); go(active); }
    } else if (ev.key === "Escape") {
      if (results.length) { ev.preventDefault(); close(); }
      else input.value = "";
      announce();
    }
  });
  input.addEventListener("blur", function () {
    setTimeout(close, 150);
  });
  // The same query after the page is restored from the back/forward cache.
  window.addEventListener("pageshow", function () {
    if (input.value) update();
  });
})();
