// Live crowd levels for /crowd and /crowd/:id (loaded only there, by `LiveScript` in
// app/src/crowd/pages.rs). Plain script, no framework: the pages are complete without it; every
// minute (and when the tab comes back into view) it reads /api/v1/crowd and rewrites the levels,
// estimates, times and the alert banner in place. The banner is the page's one alert region.
(function () {
  var live = document.getElementById("crowd-live");
  if (!live || typeof fetch === "undefined") return;
  var words = live.dataset;
  var en = words.lang === "en";
  var EVERY = 60 * 1000;
  var LEVEL_CLASS = /^crowd-(relaxed|normal|slightly_crowded|crowded|none)$/;

  function clock(at) {
    var m = /T(\d\d:\d\d)/.exec(at || "");
    return m ? m[1] : "–";
  }
  function grouped(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }
  function setText(el, text) {
    if (el && el.textContent !== text) el.textContent = text;
  }
  function setLevelClass(el, level) {
    var kept = (el.getAttribute("class") || "").split(/\s+/).filter(function (c) { return c && !LEVEL_CLASS.test(c); });
    kept.push("crowd-" + level);
    el.setAttribute("class", kept.join(" "));
  }

  function onHotspot(h) {
    if (!h || typeof h.id !== "string") return;
    var level = typeof h.level === "string" ? h.level : "none";
    var word = words[level] || words.none;
    var name = en ? h.name_en : h.name_ko;
    var estimate = typeof h.estimate === "number" ? words.estimate.replace("{n}", grouped(h.estimate)) : "–";
    var selector = '[data-hotspot="' + h.id.replace(/[^a-z0-9-]/g, "") + '"]';
    document.querySelectorAll(selector).forEach(function (root) {
      if (root.classList.contains("crowd-area")) setLevelClass(root, level);
      root.querySelectorAll('[data-field="level"]').forEach(function (el) {
        setText(el, word);
        if (el.classList.contains("crowd-chip")) setLevelClass(el, level);
      });
      setText(root.querySelector('[data-field="estimate"]'), estimate);
      setText(root.querySelector('[data-field="at"]'), clock(h.estimated_at));
      setText(root.querySelector('[data-field="title"]'), name + ": " + word);
    });
  }

  function onCrowd(d) {
    if (!d || !Array.isArray(d.hotspots)) return;
    d.hotspots.forEach(onHotspot);
    setText(document.getElementById("crowd-as-of"), words.asof.replace("{t}", clock(d.at)));
    var banner = document.getElementById("crowd-alert");
    if (!banner) return;
    var names = d.hotspots.filter(function (h) { return h && h.level === "crowded"; })
      .map(function (h) { return en ? h.name_en : h.name_ko; });
    setText(banner.querySelector('[data-field="names"]'), names.join(", "));
    banner.hidden = names.length === 0;
  }

  function refresh() {
    fetch("/api/v1/crowd", { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(onCrowd)
      .catch(function () { /* offline for a moment: the next minute tries again */ });
  }

  setInterval(function () { if (!document.hidden) refresh(); }, EVERY);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) refresh(); });
})();
