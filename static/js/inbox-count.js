// The menu's 我的待办 count: fetched once per page from /returns/inbox-count.json,
// so pages do not pay the inbox's queries; nothing is shown when it is 0 or fails.
(function () {
  var badge = document.querySelector(".nav-inbox-count[data-count-url]");
  if (!badge || !window.fetch) return;
  fetch(badge.dataset.countUrl, { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) {
      if (data && data.count > 0) {
        badge.textContent = String(data.count);
        badge.classList.remove("d-none");
      }
    })
    .catch(function () {});
})();
