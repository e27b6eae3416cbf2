// The print view's 打印 button: shown only where this script runs (without it,
// the browser's own print command prints the page just as well).
(function () {
  var buttons = document.querySelectorAll("[data-print]");
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
