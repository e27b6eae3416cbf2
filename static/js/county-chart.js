// County ranking bar chart on the dashboard (Apache ECharts, vendored).
(function () {
  var element = document.getElementById("county-chart");
  var source = document.getElementById("county-chart-data");
  if (!element || !source || typeof echarts === "undefined") return;
  var rows = JSON.parse(source.textContent);
  var colours = { "好": "#2e7d32", "较好": "#1565c0", "一般": "#ef6c00" };
  // The tooltip is HTML: region names and ratings are user text, so escape them.
  var esc = echarts.format.encodeHTML;
  var chart = echarts.init(element, null, { renderer: "canvas" });
  chart.setOption({
    animation: false,
    grid: { left: 90, right: 40, top: 10, bottom: 30 },
    tooltip: { trigger: "item", formatter: function (p) { return esc(p.name) + "：" + p.value + "（" + esc(p.data.rating) + "）"; } },
    xAxis: { type: "value", min: function (v) { return Math.max(0, Math.floor(v.min / 10) * 10 - 10); } },
    yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r.name; }) },
    series: [{
      type: "bar",
      label: { show: true, position: "right" },
      data: rows.map(function (r) {
        return { value: r.value, rating: r.rating, url: r.url, itemStyle: { color: colours[r.rating] || "#757575" } };
      })
    }]
  });
  chart.on("click", function (p) { if (p.data && p.data.url) window.location.href = p.data.url; });
  window.addEventListener("resize", function () { chart.resize(); });
  element.dataset.rendered = "true";
})();
