// Score entry: the running total and the rating it reaches, recomputed while
// typing. The page renders both on the server too (correct without this script);
// the server refuses a score above its limit whatever the browser lets through.
(function () {
  var form = document.getElementById("score-entry-form");
  var summary = document.getElementById("score-summary");
  var bandsSource = document.getElementById("score-bands");
  if (!form || !summary || !bandsSource) return;
  var totalOut = document.getElementById("score-total");
  var ratingOut = document.getElementById("score-rating");
  var filledOut = document.getElementById("score-filled");
  // [[label, minimum], …] best first, as the ranking reads them.
  var bands = JSON.parse(bandsSource.textContent).map(function (band) {
    return { label: band[0], min: hundredths(band[1]) };
  });
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input.score-input"));

  // Whole hundredths, so 17.5 + 0.1 adds up exactly as the database does.
  function hundredths(text) {
    var value = Number(text);
    return isFinite(value) ? Math.round(value * 100) : NaN;
  }

  function shown(points) {
    return (points / 100).toFixed(2).replace(/\.?0+$/, "");
  }

  function update() {
    var total = 0;
    var filled = 0;
    inputs.forEach(function (input) {
      var points = hundredths(input.value);
      var max = hundredths(input.dataset.max);
      var usable = input.value !== "" && !isNaN(points) && points >= 0 && points <= max;
      input.classList.toggle("is-invalid", input.value !== "" && !usable);
      if (usable) {
        total += points;
        filled += 1;
      }
    });
    totalOut.textContent = shown(total);
    if (filledOut) filledOut.textContent = String(filled);
    if (!bands.length) {
      ratingOut.textContent = summary.dataset.noBands;
    } else if (filled < inputs.length) {
      ratingOut.textContent = summary.dataset.pending;
    } else {
      var reached = bands.filter(function (band) { return total >= band.min; })[0];
      ratingOut.textContent = reached ? reached.label : summary.dataset.below;
    }
    summary.dataset.total = shown(total);
  }

  form.addEventListener("input", update);
  update();
})();
