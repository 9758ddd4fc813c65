// Live air readings for /air, /air/sensors/:id and /air/response (loaded only there, by
// `LiveScript` in app/src/air/pages.rs). Plain script, no framework: the pages are complete without
// it; this only rewrites numbers, words, classes and shapes in place when the server's event
// stream (/api/v1/air/stream) says a sensor or the district changed. No aria-live on the numbers:
// the district's grade line is the page's one polite live region.
(function () {
  var live = document.getElementById("air-live");
  if (!live || typeof EventSource === "undefined") return;
  var words = live.dataset;
  var page = words.page;
  var names = {};
  (words.measures || "").split("|").forEach(function (pair) {
    var i = pair.indexOf("=");
    if (i > 0) names[pair.slice(0, i)] = pair.slice(i + 1);
  });

  // One reader of the stream's JSON (server/src/air/hub.rs), so a change in its shape is fixed here
  // only. `sensor` data: {id, at, offline, grade, cai, decided_by, pm10, pm25,
  // factors: {slug: text with unit}, flagged: [slug], flags: {slug: ["stuck"|"invalid"]}};
  // `district` data: {at, grade, cai, decided_by, online, sensors, simulated}.
  function read(data) {
    var d;
    try { d = JSON.parse(data); } catch (e) { return null; }
    if (!d || typeof d !== "object") return null;
    return {
      id: d.id || null,
      at: d.at || null,
      grade: d.grade || null,
      index: typeof d.cai === "number" ? d.cai : null,
      decidedBy: d.decided_by || null,
      pm10: typeof d.pm10 === "number" ? d.pm10 : null,
      pm25: typeof d.pm25 === "number" ? d.pm25 : null,
      offline: !!d.offline,
      factors: d.factors || {},
      flags: d.flags || {}
    };
  }

  // the grade classes (not `grade-chip`, `grade-shape`, …), replaced whole
  var GRADE_CLASS = /^grade-(good|moderate|bad|very_bad|none|offline)$/;
  function slugOf(s) { return s.offline ? "offline" : (s.grade || "none"); }
  function label(slug) { return words[slug] || slug; }
  function clock(at) {
    var m = /T(\d\d:\d\d)/.exec(at || "");
    return m ? m[1] : "";
  }
  function setText(root, field, text) {
    var el = root.querySelector('[data-field="' + field + '"]');
    if (el && el.textContent !== text) el.textContent = text;
  }
  // Every write below happens only when the value changes: the stream repeats sensors whose grade
  // stayed the same, and re-setting an SVG <use> or a class makes the phone restyle and re-lay the
  // page for nothing (long tasks on /air).
  function setAttr(el, name, value) {
    if (el.getAttribute(name) !== value) el.setAttribute(name, value);
  }
  function setGradeClass(el, slug) {
    var kept = (el.getAttribute("class") || "").split(/\s+/).filter(function (c) { return c && !GRADE_CLASS.test(c); });
    kept.push("grade-" + slug);
    setAttr(el, "class", kept.join(" "));
  }
  // a grade chip: its class (colour), its shape and its word
  function setChip(root, slug, word) {
    var chip = root.querySelector(".grade-chip");
    if (!chip) return;
    setGradeClass(chip, slug);
    var use = chip.querySelector("use");
    if (use) setAttr(use, "href", "#air-shape-" + slug);
    setText(chip, "grade-label", word);
  }
  function decided(slug) {
    return slug && names[slug] ? (words.decided || "{name}").replace("{name}", names[slug]) : "";
  }
  function statusText(s) {
    if (s.offline) return words.offline;
    var flagged = Object.keys(s.flags).filter(function (k) { return s.flags[k] && s.flags[k].length; });
    if (!flagged.length) return words.ok;
    return words.check + flagged.map(function (k) { return names[k] || k; }).join(", ");
  }

  var changed = false;
  function onSensor(s) {
    if (!s || !s.id) return;
    var slug = slugOf(s);
    var selector = '[data-sensor="' + s.id.replace(/[^A-Z0-9-]/g, "") + '"]';
    document.querySelectorAll("a.air-dot" + selector).forEach(function (dot) {
      if (dot.dataset.grade !== slug) changed = true;
      setAttr(dot, "data-grade", slug);
      setGradeClass(dot, slug);
      var use = dot.querySelector("use");
      if (use) setAttr(use, "href", "#air-shape-" + slug);
      var title = dot.querySelector("title");
      if (title) {
        var who = title.textContent.split(": ")[0];
        var state = s.offline ? words.offline : label(slug) + (s.index === null ? "" : " (" + words.index + " " + s.index + ")");
        if (title.textContent !== who + ": " + state) title.textContent = who + ": " + state;
      }
    });
    document.querySelectorAll("tr" + selector).forEach(function (row) {
      setAttr(row, "data-grade", slug);
      if (row.classList.contains("offline") !== s.offline) row.classList.toggle("offline", s.offline);
      setChip(row, slug, s.offline ? words.offline : label(slug));
      setText(row, "cai", s.index === null ? "–" : String(s.index));
      setText(row, "pm10", s.pm10 === null ? "–" : s.pm10.toFixed(0));
      setText(row, "pm25", s.pm25 === null ? "–" : s.pm25.toFixed(0));
      if (s.at) setText(row, "at", clock(s.at));
      setText(row, "status", statusText(s));
      var status = row.querySelector('[data-field="status"]');
      var flagged = !s.offline && statusText(s) !== words.ok;
      if (status && status.classList.contains("flagged") !== flagged) status.classList.toggle("flagged", flagged);
    });
    var sensorPage = document.querySelector("section.air-sensor" + selector);
    if (sensorPage) {
      sensorPage.dataset.grade = slug;
      var grade = sensorPage.querySelector('[data-testid="air-sensor-grade"]');
      if (grade) {
        setChip(grade, slug, s.offline ? words.offline : label(slug));
        if (s.index !== null) setText(grade, "cai", String(s.index));
        if (s.decidedBy) setText(grade, "decided-by", decided(s.decidedBy));
      }
      if (s.at) setText(sensorPage, "at", clock(s.at));
      Object.keys(s.factors).forEach(function (slug) {
        var row = sensorPage.querySelector('tr[data-factor="' + slug.replace(/[^a-z0-9_]/g, "") + '"]');
        if (!row) return;
        setText(row, "value", String(s.factors[slug]));
        if (s.at) setText(row, "at", clock(s.at));
        var f = s.flags[slug] || [];
        var text = f.map(function (x) { return x === "stuck" ? words.stuck : words.invalid; }).join(", ");
        setText(row, "flags", text || words.ok);
        row.classList.toggle("flagged", !!text);
      });
    }
    if (page === "response" && changed) {
      var note = document.getElementById("air-refresh");
      if (note) note.hidden = false;
    }
  }

  function onDistrict(d) {
    var box = document.getElementById("air-district");
    if (!d || !box || !d.grade) return;
    var slug = d.grade;
    box.dataset.grade = slug;
    setGradeClass(box, slug);
    setChip(box, slug, label(slug));
    if (d.index !== null) setText(box, "cai", String(d.index));
    if (d.decidedBy) setText(box, "decided-by", decided(d.decidedBy));
    if (words["advice_" + slug]) {
      var advice = words["advice_" + slug].split("|");
      setText(box, "advice-general", advice[0]);
      setText(box, "advice-sensitive", advice[1] || "");
    }
  }

  var stream = new EventSource("/api/v1/air/stream");
  stream.addEventListener("sensor", function (e) { onSensor(read(e.data)); });
  stream.addEventListener("district", function (e) { onDistrict(read(e.data)); });
  // the browser retries a dropped stream by itself; a refused one (closed) is left alone, quietly:
  // the page still shows what the server rendered
  stream.onerror = function () {};
  window.addEventListener("pagehide", function () { stream.close(); });
})();
