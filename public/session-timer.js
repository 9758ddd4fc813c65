// The idle-timeout warning for signed-in pages (loaded only by the account menu). Five minutes
// before the session would end, a dialog offers to stay logged in; the button asks the server to
// reset the idle timer. Plain script, no framework: it must work on every signed-in page.
(function () {
  var el = document.getElementById("session-timer");
  if (!el) return;
  var idle = parseInt(el.dataset.idleSeconds || "1800", 10) * 1000;
  var ko = el.dataset.lang !== "en";
  var warnAfter = idle - 5 * 60 * 1000;
  var timer;
  var box = document.createElement("div");
  box.className = "session-warning";
  box.setAttribute("role", "alertdialog");
  box.setAttribute("aria-live", "assertive");
  box.hidden = true;
  var text = document.createElement("p");
  text.textContent = ko ? el.dataset.warnKo : el.dataset.warnEn;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "button primary";
  button.textContent = ko ? el.dataset.extendKo : el.dataset.extendEn;
  box.appendChild(text);
  box.appendChild(button);
  document.body.appendChild(box);
  function arm() {
    clearTimeout(timer);
    timer = setTimeout(function () { box.hidden = false; button.focus(); }, warnAfter);
  }
  button.addEventListener("click", function () {
    fetch("/api/extend_session", { method: "POST", headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { if (r.ok) { box.hidden = true; arm(); } else { location.reload(); } });
  });
  arm();
})();
