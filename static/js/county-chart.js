// Ranking bar chart on the dashboard and the drill-down (Apache ECharts, vendored).
// Colours come with the data (the legend under the chart uses the same ones);
// the axis starts at 0 so bar lengths compare honestly.
(function () {
  var element = document.getElementById("county-chart");
  var source = document.getElementById("county-chart-data");
  if (!element || !source || typeof echarts === "undefined") return;
  var rows = JSON.parse(source.textContent);
  // The tooltip is HTML: region names and ratings are user text, so escape them.
  var esc = echarts.format.encodeHTML;
  var hasPrevious = rows.some(function (r) { return r.previous !== null && r.previous !== undefined; });
  var series = [{
    type: "bar",
    label: { show: true, position: "right" },
    data: rows.map(function (r) {
      return { value: r.value, rating: r.rating, url: r.url, itemStyle: { color: r.colour } };
    })
  }];
  if (hasPrevious) {
    series.push({
      type: "bar",
      barGap: "10%",
      itemStyle: { color: "#bdbdbd" },
      data: rows.map(function (r) { return { value: r.previous, rating: element.dataset.previousLabel || "", url: r.url }; })
    });
  }
  var chart = echarts.init(element, null, { renderer: "canvas" });
  chart.setOption({
    animation: false,
    grid: { left: 8, right: 48, top: 10, bottom: 40, containLabel: true },
    tooltip: { trigger: "item", formatter: function (p) { return esc(p.name) + "：" + p.value + "（" + esc(p.data.rating) + "）"; } },
    xAxis: { type: "value", min: 0, minInterval: 1, name: element.dataset.unit || "", nameLocation: "end" },
    yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r.name; }) },
    series: series
  });
  chart.on("click", function (p) { if (p.data && p.data.url) window.location.href = p.data.url; });
  window.addEventListener("resize", function () { chart.resize(); });
  element.dataset.rendered = "true";
})();
